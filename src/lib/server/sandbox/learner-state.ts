import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Cluster, Redis } from 'ioredis';
import { ACTIVITY_PER_LESSON, activityTag } from '$lib/activity';
import { decodeSlot, encodeSlot } from '$lib/editor/runtime/memory';
import type { ActivityEntry } from '$lib/types';
import { openSeededDatabase } from '../db/template';
import type { DbStore, SqlStep } from '../db/traced-db';
import { execAll, type InstanceMemory, type MemoryKey } from '../pattern-support';

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
		/**
		 * Every statement that changed the database since the snapshot (or the seed), in order:
		 * JSON `[sql, ...params][]`.
		 */
		dbLog: `${base}:db-log`,
		/** The database as the log's first entries left it, once the log was compacted. */
		dbSnapshot: `${base}:db-snapshot`,
		/**
		 * Changes at each reset and each compaction: an instance whose copy has another epoch
		 * rebuilds it (from the snapshot, if any, and the log).
		 */
		dbEpoch: `${base}:db-epoch`,
		memory: `${base}:memory`,
		activity: (lesson: string) => `${base}:activity:${lesson}`,
		/** The lessons that have an activity list, so that a reset finds them all. */
		activityLessons: `${base}:activity-lessons`
	};
};
export type StateKeys = ReturnType<typeof stateKeys>;

// -------------------------------------------------------------------------------------------
// Pattern memory: one hash field per slot, values as JSON (Maps kept as Maps, as the learner's
// version in the browser reads them: encodeSlot)

export function redisMemory(redis: () => Promise<Connection>, keys: StateKeys): InstanceMemory {
	return {
		get: async <T>(slot: MemoryKey<T>) => {
			const raw = await (await redis()).hget(keys.memory, slot.name);
			return raw === null ? slot.init() : (decodeSlot(raw) as T);
		},
		set: async (slot, value) => {
			await execAll(
				(await redis())
					.pipeline()
					.hset(keys.memory, slot.name, encodeSlot(value))
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
 * Adds an entry to the lesson's activity and answers its newest entries. The commands leave
 * together (the shared connection auto-pipelines: one write, with whatever else the request sends
 * in the same turn). When the page names the newest entry it shows (`pageTop`, an `activityTag`),
 * only the entry before this one is read: if it is that one, the answer is undefined and the page
 * adds this entry to what it has; if not (another tab clicked meanwhile), the whole log is read
 * in a second round trip.
 */
export async function addActivity(
	redis: Connection,
	keys: StateKeys,
	lesson: string,
	entry: ActivityEntry,
	pageTop?: string
): Promise<ActivityEntry[] | undefined> {
	const list = keys.activity(lesson);
	const newest = () => redis.lrange(list, 0, ACTIVITY_PER_LESSON - 1);
	const [, , read] = await Promise.all([
		redis.lpush(list, JSON.stringify(entry)),
		redis.ltrim(list, 0, ACTIVITY_PER_LESSON - 1),
		pageTop === undefined ? newest() : redis.lindex(list, 1),
		redis.pexpire(list, STATE_TTL_MS),
		redis.sadd(keys.activityLessons, lesson),
		redis.pexpire(keys.activityLessons, STATE_TTL_MS)
	]);
	const parse = (json: string) => JSON.parse(json) as ActivityEntry;
	if (Array.isArray(read)) return read.map(parse);
	if ((read ? activityTag(parse(read)) : '') === pageTop) return undefined;
	return (await newest()).map(parse);
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
			.del(
				keys.dbLog,
				keys.dbSnapshot,
				keys.memory,
				keys.activityLessons,
				...lessons.map(keys.activity)
			)
			.set(keys.dbEpoch, epoch, 'PX', STATE_TTL_MS)
	);
	return epoch;
}

// -------------------------------------------------------------------------------------------
// The database: a local copy per instance, brought up to date from the log

/**
 * This instance's copy of the learner's database. Before a request's first statement it reads
 * what other instances appended to the log since (one round trip); each change it makes is
 * applied here, then appended. If another instance appended in between, or the log was reset,
 * compacted or expired, the copy is rebuilt from the snapshot (or the seed) and the whole log.
 *
 * The log is capped: the instance whose append makes it DB_LOG_MAX_ENTRIES long, its copy being
 * exactly what the log describes, writes its copy as the snapshot and drops the entries it covers
 * (one script, a no-op if a reset or another compaction came first); the learner's state is then
 * at most one database image and DB_LOG_MAX_ENTRIES statements, and a rebuild replays at most
 * that many (the seeded image is 28 KB; an entry, about a hundred bytes).
 */
export const DB_LOG_MAX_ENTRIES = 200;

const bigints = (_: string, value: unknown) =>
	typeof value === 'bigint' ? value.toString() : value;

/**
 * Replaces the log's first ARGV[2] entries with the snapshot ARGV[3] and starts epoch ARGV[4],
 * if the epoch is still ARGV[1] ('' for none): the entries are then the ones the snapshot's
 * instance applied. Entries other instances appended after them stay. Sent as EVAL: it is the
 * course's machinery, not a pattern's script a learner's version may run.
 */
const COMPACT_LOG = `
local epoch = redis.call('GET', KEYS[2]) or ''
if epoch ~= ARGV[1] then return 0 end
redis.call('LTRIM', KEYS[1], ARGV[2], -1)
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[5])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

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
	#restart(epoch: string | null, snapshot: Buffer | null = null) {
		this.#db = snapshot ? new Database(snapshot) : openSeededDatabase();
		this.#applied = 0;
		this.#epoch = epoch;
		this.#stale = false;
	}

	close() {
		this.#db.close();
	}

	async #sync(redis: Connection): Promise<Database.Database> {
		const { dbLog, dbEpoch, dbSnapshot } = this.keys;
		const from = this.#applied;
		// One MULTI: a compaction cannot fall between the epoch read and the log read.
		const [epoch, length, entries] = await execAll(
			redis
				.multi()
				.get(dbEpoch)
				.llen(dbLog)
				.lrange(dbLog, from, -1)
				.pexpire(dbLog, STATE_TTL_MS)
				.pexpire(dbEpoch, STATE_TTL_MS)
				.pexpire(dbSnapshot, STATE_TTL_MS)
		);
		// This instance's own appends are applied and pushed in one step, so the ones sent before
		// this read are counted in `from` and in the log's length alike, and the ones sent after
		// it in neither: `entries` are other instances' writes. If this instance appended since,
		// those entries sit before its own in the log, in another order than in the copy: rebuild.
		const theirs = entries as string[];
		const moved = theirs.length > 0 && this.#applied !== from;
		if (this.#stale || epoch !== this.#epoch || Number(length) < from || moved) {
			await this.#rebuild(redis);
		} else {
			for (const json of theirs) this.#apply(json);
		}
		return this.#db;
	}

	/** The snapshot, the log and their epoch, read together (one MULTI). */
	async #rebuild(redis: Connection) {
		const { dbLog, dbEpoch, dbSnapshot } = this.keys;
		const [epoch, snapshot, entries] = await execAll(
			redis.multi().get(dbEpoch).getBuffer(dbSnapshot).lrange(dbLog, 0, -1)
		);
		this.#restart(epoch as string | null, snapshot as Buffer | null);
		for (const json of entries as string[]) this.#apply(json);
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
		const { dbLog, dbEpoch, dbSnapshot } = this.keys;
		try {
			// The snapshot and the epoch live as long as the log they go with.
			const [length] = await execAll(
				redis
					.pipeline()
					.rpush(dbLog, JSON.stringify(steps, bigints))
					.pexpire(dbLog, STATE_TTL_MS)
					.pexpire(dbEpoch, STATE_TTL_MS)
					.pexpire(dbSnapshot, STATE_TTL_MS)
			);
			if (length !== expected) this.#stale = true; // another instance wrote in between
		} catch {
			this.#stale = true; // not in the log: rebuilt without it, as every other instance sees it
			return;
		}
		// The copy is the log's first `expected` entries exactly (no other instance's in between,
		// none of this one's applied since): it may stand for them.
		if (expected >= DB_LOG_MAX_ENTRIES && !this.#stale && this.#applied === expected) {
			await this.#compact(redis, expected);
		}
	}

	async #compact(redis: Connection, covered: number) {
		const { dbLog, dbEpoch, dbSnapshot } = this.keys;
		const snapshot = this.#db.serialize();
		const was = this.#epoch;
		const epoch = randomBytes(8).toString('hex');
		// Counted from the snapshot from now on: this instance's next appends expect that.
		this.#epoch = epoch;
		this.#applied -= covered;
		try {
			const done = await redis.eval(
				COMPACT_LOG,
				3,
				dbLog,
				dbEpoch,
				dbSnapshot,
				was ?? '',
				covered,
				snapshot,
				epoch,
				STATE_TTL_MS
			);
			if (done !== 1) this.#stale = true; // a reset or another compaction came first
		} catch {
			this.#stale = true; // the log stays as it was, under the old epoch: rebuilt from it
		}
	}
}
