import type Database from 'better-sqlite3';
import type { ActivityEntry, SqlEntry, TraceEntry } from '$lib/types';
import type { PatternContext } from '../patterns/context';
import { TracedDb } from '../db/traced-db';
import { openSeededDatabase } from '../db/template';
import { sharedRedis } from '../redis/connection';
import { escapeGlob, sandboxPrefix } from '../redis/prefix';
import { tracedRedis } from '../redis/traced-client';

/** How many sandboxes stay in memory, and how long an idle one is kept. */
export const MAX_SANDBOXES = Number(process.env.MAX_SANDBOXES ?? 500);
export const IDLE_MS = 30 * 60 * 1000;
const ACTIVITY_PER_LESSON = 30;

/** One learner's private world: their namespace in Redis, their database, their activity log. */
export class Sandbox {
	readonly prefix: string;
	private database: Database.Database = openSeededDatabase();
	private readonly activity = new Map<string, ActivityEntry[]>();
	lastUsed = Date.now();

	constructor(readonly id: string) {
		this.prefix = sandboxPrefix(id);
	}

	/** What a pattern sees, recording into `trace` and `sql`. */
	async context(trace: TraceEntry[], sql: SqlEntry[], slowDbMs: number): Promise<PatternContext> {
		return {
			redis: tracedRedis(await sharedRedis(), this.prefix, trace),
			db: new TracedDb(this.database, sql, slowDbMs)
		};
	}

	log(lesson: string, entry: ActivityEntry) {
		const entries = [entry, ...(this.activity.get(lesson) ?? [])].slice(0, ACTIVITY_PER_LESSON);
		this.activity.set(lesson, entries);
	}

	activityOf(lesson: string): ActivityEntry[] {
		return this.activity.get(lesson) ?? [];
	}

	/** Deletes every key in the namespace and restores the seeded database. */
	async reset(): Promise<number> {
		const redis = await sharedRedis();
		let removed = 0;
		// SCAN in batches, never KEYS: the hash tag keeps the walk to this learner's keys.
		const stream = redis.scanStream({ match: `${escapeGlob(this.prefix)}*`, count: 500 });
		for await (const keys of stream as AsyncIterable<string[]>) {
			if (keys.length) removed += await redis.unlink(...keys);
		}
		this.close();
		this.database = openSeededDatabase();
		this.activity.clear();
		return removed;
	}

	close() {
		this.database.close();
	}
}

const sandboxes = new Map<string, Sandbox>();

/** The learner's sandbox, created on first use; the least recently used ones are evicted. */
export function sandboxOf(learnerId: string): Sandbox {
	let sandbox = sandboxes.get(learnerId);
	if (sandbox) {
		sandboxes.delete(learnerId); // re-insert: Map order is our LRU order
	} else {
		sandbox = new Sandbox(learnerId);
		evict();
	}
	sandbox.lastUsed = Date.now();
	sandboxes.set(learnerId, sandbox);
	return sandbox;
}

function evict() {
	const now = Date.now();
	for (const [id, sandbox] of sandboxes) {
		if (sandboxes.size < MAX_SANDBOXES && now - sandbox.lastUsed < IDLE_MS) break;
		sandbox.close();
		sandboxes.delete(id);
	}
}

export const sandboxCount = () => sandboxes.size;
