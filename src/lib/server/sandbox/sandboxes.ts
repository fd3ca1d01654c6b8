import type { Redis } from 'ioredis';
import type Database from 'better-sqlite3';
import type { ActivityEntry, SqlEntry, TraceEntry } from '$lib/types';
import type { InstanceMemory, MemoryKey, PatternContext } from '../pattern-support';
import { TracedDb } from '../db/traced-db';
import { openSeededDatabase } from '../db/template';
import { sharedRedis } from '../redis/connection';
import { escapeGlob, sandboxPrefix } from '../redis/prefix';
import { subscribeChannel } from '../redis/subscriber';
import { newConsoleState, type ConsoleState } from './console';
import { tracedRedis } from '../redis/traced-client';

/** How many sandboxes stay in memory, and how long an idle one is kept. */
export const MAX_SANDBOXES = Number(process.env.MAX_SANDBOXES ?? 500);
export const IDLE_MS = 30 * 60 * 1000;
const ACTIVITY_PER_LESSON = 30;
/** Every key a learner owns expires this long after they leave (EXPIRE ... NX keeps shorter TTLs). */
export const IDLE_KEY_TTL_SECONDS = 60 * 60;
/** Console connections: one per learner typing, closed after a minute without a line. */
const CONSOLE_IDLE_MS = 60_000;
const MAX_CONSOLE_CONNECTIONS = 300;
let consoleConnections = 0;

/** One learner's private world: their namespace in Redis, their database, their activity log. */
export class Sandbox {
	readonly prefix: string;
	private database: Database.Database = openSeededDatabase();
	private readonly activity = new Map<string, ActivityEntry[]>();
	/** The console's state (an open MULTI, a blocking call) and the sizes of the keys it wrote. */
	console: ConsoleState = newConsoleState();
	readonly usage = new Map<string, number>();
	/** In-process state of the patterns (what a real app server would keep in its own memory). */
	readonly #memory = new Map<string, unknown>();
	readonly memory: InstanceMemory = {
		get: <T>(key: MemoryKey<T>): T => {
			if (!this.#memory.has(key.name)) this.#memory.set(key.name, key.init());
			return this.#memory.get(key.name) as T;
		},
		set: <T>(key: MemoryKey<T>, value: T) => void this.#memory.set(key.name, value),
		delete: (key: MemoryKey<unknown>) => void this.#memory.delete(key.name)
	};
	lastUsed = Date.now();

	constructor(readonly id: string) {
		this.prefix = sandboxPrefix(id);
	}

	/** What a pattern sees, recording into `trace` and `sql`. */
	async context(
		trace: TraceEntry[],
		sql: SqlEntry[],
		slowDbMs: number,
		/** Connections the pattern opens with ownConnection(); the caller disconnects them. */
		opened: Redis[] = []
	): Promise<PatternContext> {
		const shared = await sharedRedis();
		return {
			redis: tracedRedis(shared, this.prefix, trace),
			db: new TracedDb(this.database, sql, slowDbMs),
			memory: this.memory,
			clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
			lab: () => Promise.reject(new Error('lab servers: not yet')),
			clusterLab: () => Promise.reject(new Error('lab servers: not yet')),
			subscribe: async (channel, handler) => {
				const stop = await subscribeChannel(this.prefix + channel, handler);
				this.#subscriptions.add(stop);
				return async () => {
					this.#subscriptions.delete(stop);
					await stop();
				};
			},
			ownConnection: async () => {
				const own = shared.duplicate({ enableOfflineQueue: true });
				own.on('error', () => {});
				opened.push(own);
				return tracedRedis(own, this.prefix, trace, true);
			}
		};
	}

	log(lesson: string, entry: ActivityEntry) {
		const entries = [entry, ...(this.activity.get(lesson) ?? [])].slice(0, ACTIVITY_PER_LESSON);
		this.activity.set(lesson, entries);
	}

	activityOf(lesson: string): ActivityEntry[] {
		return this.activity.get(lesson) ?? [];
	}

	/** Walks the learner's namespace with SCAN (never KEYS), batch by batch, full names. */
	private async *batches(pattern = '*'): AsyncGenerator<string[]> {
		const redis = await sharedRedis();
		const match = escapeGlob(this.prefix) + pattern;
		for await (const keys of redis.scanStream({ match, count: 1000 }) as AsyncIterable<string[]>) {
			if (keys.length) yield keys;
		}
	}

	/** The learner's key names matching a glob pattern, without the prefix. */
	async scanKeys(pattern: string, limit: number): Promise<string[]> {
		const found: string[] = [];
		for await (const keys of this.batches(pattern)) {
			found.push(...keys.map((key) => key.slice(this.prefix.length)));
			if (found.length >= limit) return found.slice(0, limit);
		}
		return found;
	}

	/** Deletes every key in the namespace and restores the seeded database. */
	async reset(): Promise<number> {
		const redis = await sharedRedis();
		let removed = 0;
		for await (const keys of this.batches()) removed += await redis.unlink(...keys);
		this.close();
		this.database = openSeededDatabase();
		this.activity.clear();
		this.usage.clear();
		this.#memory.clear();
		this.console = newConsoleState();
		return removed;
	}

	/** Gives every key without a TTL one, so nothing a learner leaves behind stays forever. */
	async expireIdleKeys(): Promise<void> {
		const redis = await sharedRedis();
		for await (const keys of this.batches()) {
			const pipeline = redis.pipeline();
			for (const key of keys) pipeline.expire(key, IDLE_KEY_TTL_SECONDS, 'NX');
			await pipeline.exec();
		}
	}

	#console: Redis | null = null;
	/** What the learner's patterns listen to; stopped when the sandbox closes. */
	readonly #subscriptions = new Set<() => Promise<void>>();
	#consoleIdle: ReturnType<typeof setTimeout> | undefined;

	/**
	 * The learner's own connection for console lines, opened on first use and closed when idle:
	 * whatever a learner makes Redis send back can only overflow this connection's buffer.
	 */
	async consoleConnection(): Promise<Redis> {
		clearTimeout(this.#consoleIdle);
		this.#consoleIdle = setTimeout(() => this.closeConsole(), CONSOLE_IDLE_MS);
		this.#consoleIdle.unref();
		if (this.#console && this.#console.status !== 'end') return this.#console;
		if (consoleConnections >= MAX_CONSOLE_CONNECTIONS) {
			throw new Error('too many learners are typing right now; try again in a minute');
		}
		const own = (await sharedRedis()).duplicate({
			enableOfflineQueue: true,
			connectionName: 'course-console'
		});
		own.on('error', () => {}); // a dropped connection is reopened by the next line
		consoleConnections++;
		own.once('end', () => {
			consoleConnections--;
			if (this.#console === own) this.#console = null;
		});
		this.#console = own;
		return own;
	}

	private closeConsole() {
		clearTimeout(this.#consoleIdle);
		this.#console?.disconnect();
		this.#console = null;
	}

	close() {
		for (const stop of this.#subscriptions) void stop().catch(() => {});
		this.#subscriptions.clear();
		this.closeConsole();
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
		sandboxes.delete(id);
		sandbox.close();
		void sandbox.expireIdleKeys().catch(() => {}); // best effort: Redis may be away
	}
}

// Idle learners leave memory even when nobody new arrives.
setInterval(evict, 60_000).unref();

export const sandboxCount = () => sandboxes.size;
