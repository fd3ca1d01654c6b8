import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { ACTIVITY_PER_LESSON, activityTag } from '$lib/activity';
import type { ActivityEntry } from '$lib/types';
import { openSeededDatabase } from '../db/template';
import type { DbStore, SqlStep } from '../db/traced-db';
import { execAll, type InstanceMemory } from '../pattern-support';

/**
 * What a learner owns besides their keys, kept in Redis so that any app instance serves any
 * click: the changes to their database (a log of the statements that changed it), their
 * activity per lesson, and the pattern memory that plays one app server's own cache. The keys
 * sit outside the learner's namespace (the console cannot name them) but in its hash slot, and
 * each write or read gives them the idle TTL again, so they expire with the learner's keys.
 */
type Connection = Redis | Cluster;

/** How long a learner's state outlives their last request. */
export const STATE_TTL_MS = 60 * 60 * 1000;

export const stateKeys = (learnerId: string) => {
	const base = `course:{${learnerId}}`;
	return {
		/** Every statement that changed the database, in order: JSON `[sql, ...params][]`. */
		dbLog: `${base}:db-log`,
		/** Changes at each reset: an instance whose copy has another epoch rebuilds it. */
		dbEpoch: `${base}:db-epoch`,
		memory: `${base}:memory`,
		activity: (lesson: string) => `${base}:activity:${lesson}`,
		/** The lessons that have an activity list, so that a reset finds them all. */
		activityLessons: `${base}:activity-lessons`
	};
};
export type StateKeys = ReturnType<typeof stateKeys>;

// -------------------------------------------------------------------------------------------
// Pattern memory: one hash field per slot, values as JSON (Maps kept as Maps)

const replacer = (_: string, value: unknown) =>
	value instanceof Map ? { $map: [...value] } : value;
const reviver = (_: string, value: unknown) =>
	value && typeof value === 'object' && '$map' in value
		? new Map((value as { $map: [unknown, unknown][] }).$map)
		: value;

export function redisMemory(redis: () => Promise<Connection>, keys: StateKeys): InstanceMemory {
	return {
		get: async (slot) => {
			const raw = await (await redis()).hget(keys.memory, slot.name);
			return raw === null ? slot.init() : JSON.parse(raw, reviver);
		},
		set: async (slot, value) => {
			const json = JSON.stringify(value, replacer);
			await execAll(
				(await redis())
					.pipeline()
					.hset(keys.memory, slot.name, json)
					.pexpire(keys.memory, STATE_TTL_MS)
			);
		},
		delete: async (slot) => {
			await (await redis()).hdel(keys.memory, slot.name);
		}
	};
}

// -------------------------------------------------------------------------------------------
// Activity: the newest entries first, per lesson

/**
 * Queues the commands that add an entry to the lesson's activity on `pipeline` (a request's last
 * round trip carries them); `newest` reads the lesson's newest entries from the replies that
 * start at `from`, where the first of these commands is: none (undefined) when the entry before
 * this one is `pageTop` (`activityTag`), the newest the page already shows, so that the page
 * adds this entry to what it has instead of receiving, and the server parsing, the whole log.
 */
export function queueActivity(
	pipeline: ChainableCommander,
	keys: StateKeys,
	lesson: string,
	entry: ActivityEntry,
	pageTop?: string
) {
	const list = keys.activity(lesson);
	pipeline
		.lpush(list, JSON.stringify(entry))
		.ltrim(list, 0, ACTIVITY_PER_LESSON - 1)
		.lrange(list, 0, ACTIVITY_PER_LESSON - 1)
		.pexpire(list, STATE_TTL_MS)
		.sadd(keys.activityLessons, lesson)
		.pexpire(keys.activityLessons, STATE_TTL_MS);
	const parse = (json: string) => JSON.parse(json) as ActivityEntry;
	return {
		newest: (replies: unknown[], from: number) => {
			const log = replies[from + 2] as string[];
			const before = log[1];
			if (pageTop !== undefined && (before ? activityTag(parse(before)) : '') === pageTop)
				return undefined;
			return log.map(parse);
		}
	};
}

/** Adds an entry to the lesson's activity and answers the newest entries, in one round trip. */
export async function logActivity(
	redis: Connection,
	keys: StateKeys,
	lesson: string,
	entry: ActivityEntry
): Promise<ActivityEntry[]> {
	const pipeline = redis.pipeline();
	const { newest } = queueActivity(pipeline, keys, lesson, entry);
	return newest(await execAll(pipeline), 0)!;
}

export async function activityOf(
	redis: Connection,
	keys: StateKeys,
	lesson: string
): Promise<ActivityEntry[]> {
	const entries = await redis.lrange(keys.activity(lesson), 0, ACTIVITY_PER_LESSON - 1);
	return entries.map((json) => JSON.parse(json) as ActivityEntry);
}

/** Deletes the learner's state and starts a new database epoch. */
export async function resetState(redis: Connection, keys: StateKeys): Promise<string> {
	const lessons = await redis.smembers(keys.activityLessons);
	const epoch = randomBytes(8).toString('hex');
	await execAll(
		redis
			.multi()
			.del(keys.dbLog, keys.memory, keys.activityLessons, ...lessons.map(keys.activity))
			.set(keys.dbEpoch, epoch, 'PX', STATE_TTL_MS)
	);
	return epoch;
}

// -------------------------------------------------------------------------------------------
// The database: a local copy per instance, brought up to date from the log

/**
 * This instance's copy of the learner's database. Before a request's first statement it reads
 * what other instances appended to the log since (one round trip); each change it makes is
 * applied here, then appended. If another instance appended in between, or the log was reset
 * or expired, the copy is rebuilt from the seed and the whole log.
 */
const bigints = (_: string, value: unknown) =>
	typeof value === 'bigint' ? value.toString() : value;

export class ReplicatedDatabase {
	#db: Database.Database = openSeededDatabase();
	/** How many log entries the copy reflects. */
	#applied = 0;
	#epoch: string | null = null;
	#stale = false;

	constructor(private readonly keys: StateKeys) {}

	/**
	 * One request's view: the database is synced on first use; its writes go to the log. While
	 * Redis is away the copy serves as it last was (a read that fails open still has its rows).
	 */
	session(redis: Connection): DbStore & { settled(): Promise<void> } {
		let ready: Promise<Database.Database> | undefined;
		const appends: Promise<void>[] = [];
		return {
			open: () => (ready ??= this.#sync(redis).catch(() => this.#db)),
			wrote: (steps) => void appends.push(this.#append(redis, steps)),
			settled: async () => void (await Promise.all(appends))
		};
	}

	/** Back to the seed, for a reset that has just started `epoch`. */
	reset(epoch: string) {
		const old = this.#db;
		this.#restart(epoch);
		old.close();
	}

	/** A fresh copy; the old one is left to requests still using it (and then to the GC). */
	#restart(epoch: string | null) {
		this.#db = openSeededDatabase();
		this.#applied = 0;
		this.#epoch = epoch;
		this.#stale = false;
	}

	close() {
		this.#db.close();
	}

	async #sync(redis: Connection): Promise<Database.Database> {
		const { dbLog, dbEpoch } = this.keys;
		const from = this.#applied;
		const [epoch, length, entries] = await execAll(
			redis
				.pipeline()
				.get(dbEpoch)
				.llen(dbLog)
				.lrange(dbLog, from, -1)
				.pexpire(dbLog, STATE_TTL_MS)
				.pexpire(dbEpoch, STATE_TTL_MS)
		);
		// This instance's own appends are applied and pushed in one step, so the ones sent before
		// this read are counted in `from` and in the log's length alike, and the ones sent after
		// it in neither: `entries` are other instances' writes. If this instance appended since,
		// those entries sit before its own in the log, in another order than in the copy: rebuild.
		const theirs = entries as string[];
		const moved = theirs.length > 0 && this.#applied !== from;
		if (this.#stale || epoch !== this.#epoch || Number(length) < from || moved) {
			await this.#rebuild(redis, epoch as string | null);
		} else {
			for (const json of theirs) this.#apply(json);
		}
		return this.#db;
	}

	async #rebuild(redis: Connection, epoch: string | null) {
		const entries = await redis.lrange(this.keys.dbLog, 0, -1);
		this.#restart(epoch);
		for (const json of entries) this.#apply(json);
	}

	#apply(json: string) {
		const steps = JSON.parse(json) as SqlStep[];
		this.#db.transaction(() => {
			for (const [sql, ...params] of steps) this.#db.prepare(sql).run(...params);
		})();
		this.#applied++;
	}

	/** Called right after the change was applied here, so the log keeps this instance's order. */
	async #append(redis: Connection, steps: SqlStep[]) {
		const expected = ++this.#applied;
		const { dbLog } = this.keys;
		try {
			const [length] = await execAll(
				redis.pipeline().rpush(dbLog, JSON.stringify(steps, bigints)).pexpire(dbLog, STATE_TTL_MS)
			);
			if (length !== expected) this.#stale = true; // another instance wrote in between
		} catch {
			this.#stale = true; // not in the log: rebuilt without it, as every other instance sees it
		}
	}
}
