import type { Redis } from 'ioredis';
import type { ActivityEntry, KeyTtl, SqlEntry, TraceEntry } from '$lib/types';
import type { InstanceMemory, PatternContext } from '../pattern-support';
import { TracedDb } from '../db/traced-db';
import { MAY_WAIT, dedicatedConnection, learnerRedis, sharedRedis } from '../redis/connection';
import { deleteAll, expireAll, indexedKeys, keepIndex } from '../redis/key-index';
import { LabBusyError, startClusterLab, startLab } from '../redis/labs';
import { Namespace } from '../redis/namespace';
import { subscribeChannel } from '../redis/subscriber';
import { isConnectionError, newRecorder, tracedRedis } from '../redis/traced-client';
import { newConsoleState, type ConsoleState } from './console';
import { stopLabSession } from './lab-session';
import {
	ReplicatedDatabase,
	activityOf,
	addActivity,
	redisMemory,
	resetState,
	stateKeys,
	type StateKeys
} from './learner-state';

/**
 * How many sandboxes stay in memory, and how long an idle one is kept. Dropping one loses
 * nothing: what the learner owns is in Redis; only this instance's copy of their database goes.
 */
export const MAX_SANDBOXES = Number(process.env.MAX_SANDBOXES ?? 500);
export const IDLE_MS = Number(process.env.SANDBOX_IDLE_MS ?? 30 * 60 * 1000);
/** Every key a learner owns expires this long after they leave (EXPIRE ... NX keeps shorter TTLs). */
export const IDLE_KEY_TTL_SECONDS = 60 * 60;
/** Console connections: one per learner typing, closed after a minute without a line. */
const CONSOLE_IDLE_MS = 60_000;
const MAX_CONSOLE_CONNECTIONS = 300;
let consoleConnections = 0;

/** The console-connection cap reached: a learner's line or batch waits for a free connection. */
export class ConsoleCapError extends Error {
	constructor() {
		super('too many learners are typing right now; try again in a minute');
	}
}

const systemClock = {
	now: () => Date.now(),
	sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
};

/**
 * What a demo's code sees: the pattern context, plus `actor(label)` for a demo that plays several
 * clients (two workers, a hundred readers): the same sandbox, with every command and statement
 * of that context labelled with who sent it.
 */
export interface DemoContext extends PatternContext {
	actor(label: string): PatternContext;
}

/**
 * One request's view of the sandbox: what the pattern sees, and what it did. The trace and the
 * touched keys are recorded by the traced client as it sends; `close()` ends whatever the
 * pattern opened (connections of its own, lab servers).
 */
export interface SandboxRequest {
	ctx: DemoContext;
	trace: TraceEntry[];
	sql: SqlEntry[];
	/** The learner's names of the keys the request's commands named. */
	touchedKeys: ReadonlySet<string>;
	/** The live TTL of every touched key, in one round trip. */
	ttls(): Promise<KeyTtl[]>;
	/**
	 * The request's last round trip: the touched keys' TTLs, and the entry added to the lesson's
	 * activity log, whose newest entries come back, unless the one before this entry is
	 * `pageTop`, the newest the page shows (see `addActivity`). While Redis is away (a read
	 * that failed open), no TTLs, and the entry is shown but not kept.
	 */
	finish(
		lesson: string,
		entry: ActivityEntry,
		pageTop?: string
	): Promise<{ keys: KeyTtl[]; activity?: ActivityEntry[] }>;
	close(): Promise<void>;
}

/** A learner's second lab demo while the first still runs: told to wait for their own. */
export class OwnLabBusyError extends LabBusyError {
	constructor() {
		super();
		this.message =
			'Your other lab demo is still running on its private server; try again in a few seconds.';
	}
}

/**
 * One learner's private world: their namespace in Redis, their database, their activity log, their
 * pattern memory. All of it lives in Redis (learner-state.ts); this object holds this instance's
 * copy of the database and its connections, and can be dropped at any time.
 */
export class Sandbox {
	readonly ns: Namespace;
	readonly #state: StateKeys;
	readonly #database: ReplicatedDatabase;
	/** The console's state (an open MULTI, a blocking call) and the sizes of the keys it wrote. */
	console: ConsoleState = newConsoleState();
	readonly usage = new Map<string, number>();
	/** The size of the learner's key index when the quota last measured it. */
	indexSize = 0;
	/** What the patterns keep in an app server's own memory, kept in Redis for any instance. */
	readonly memory: InstanceMemory;
	lastUsed = Date.now();
	/** The index may carry an idle TTL from an earlier visit: lifted on the first request. */
	#indexKept = false;
	/** The request whose lab servers are running: one learner's labs come from one demo at a time. */
	#labHolder: object | null = null;

	constructor(readonly id: string) {
		this.ns = new Namespace(id);
		this.#state = stateKeys(id);
		this.#database = new ReplicatedDatabase(this.#state);
		this.memory = redisMemory(sharedRedis, this.#state);
	}

	/** The namespace's key prefix, e.g. for a test that looks at what is really stored. */
	get prefix(): string {
		return this.ns.prefix;
	}

	/** Everything one demo run (or endpoint, or test) needs, and what it recorded. */
	async request({ slowDbMs = 0 }: { slowDbMs?: number } = {}): Promise<SandboxRequest> {
		const shared = await learnerRedis(this.ns.indexKey); // on a Cluster, their slot's primary
		if (!this.#indexKept) {
			this.#indexKept = true;
			void keepIndex(shared, this.ns).catch(() => (this.#indexKept = false));
		}
		const recorder = newRecorder();
		const sql: SqlEntry[] = [];
		const closers: (() => Promise<void> | void)[] = [];
		const ns = this.ns;
		const self = {};
		// So that one learner with many tabs cannot hold every lab place the server has.
		const holdLabs = () => {
			if (this.#labHolder && this.#labHolder !== self) throw new OwnLabBusyError();
			this.#labHolder = self;
		};
		const contextFor = (actor?: string): PatternContext => ({
			redis: tracedRedis(shared, recorder, { ns, actor }),
			db: actor ? db.as(actor) : db,
			clock: systemClock,
			memory: this.memory,
			subscribe: async (channel, handler) => {
				const stop = await subscribeChannel(ns.key(channel), handler);
				this.#subscriptions.add(stop);
				return async () => {
					this.#subscriptions.delete(stop);
					await stop();
				};
			},
			ownConnection: async () => {
				const own = await dedicatedConnection(
					{ enableOfflineQueue: true, ...MAY_WAIT },
					ns.indexKey
				);
				own.on('error', () => {});
				closers.push(() => own.disconnect());
				return tracedRedis(own, recorder, { ns, own: true, actor });
			},
			lab: async (options = {}) => {
				holdLabs();
				const { lab, stop } = await startLab(options, recorder);
				closers.push(stop);
				return lab;
			},
			clusterLab: async () => {
				holdLabs();
				const { lab, stop } = await startClusterLab(recorder);
				closers.push(stop);
				return lab;
			}
		});
		const database = this.#database.session(shared);
		const db = new TracedDb(database, sql, slowDbMs);
		const ctx: DemoContext = { ...contextFor(), actor: (label) => contextFor(label) };
		const finish = async (log?: { lesson: string; entry: ActivityEntry; pageTop?: string }) => {
			const keys = [...recorder.touched];
			try {
				// Sent in one turn: the shared connection auto-pipelines them into one write.
				const [ttls, activity] = await Promise.all([
					Promise.all(keys.map((key) => shared.pttl(ns.key(key)))),
					log && addActivity(shared, this.#state, log.lesson, log.entry, log.pageTop)
				]);
				return {
					keys: keys.map((key, i) => ({ key, ttlMs: ttls[i]! })),
					activity: log ? activity : []
				};
			} catch (error) {
				if (!isConnectionError(error)) throw error; // an error is not a missing key
				return { keys: [], activity: log ? [log.entry] : [] };
			}
		};
		return {
			ctx,
			trace: recorder.trace,
			sql,
			touchedKeys: recorder.touched,
			ttls: async () => (await finish()).keys,
			finish: (lesson, entry, pageTop) => finish({ lesson, entry, pageTop }),
			close: async () => {
				await Promise.allSettled(closers.splice(0).map((close) => close()));
				await database.settled(); // the next request, on any instance, sees this one's writes
				if (this.#labHolder === self) this.#labHolder = null; // its labs are stopped
			}
		};
	}

	/**
	 * Adds to the lesson's activity log; answers its newest entries. While Redis is away (a read
	 * that failed open) the entry is shown but not kept.
	 */
	async log(lesson: string, entry: ActivityEntry): Promise<ActivityEntry[]> {
		try {
			return (await addActivity(await sharedRedis(), this.#state, lesson, entry))!;
		} catch (error) {
			if (isConnectionError(error)) return [entry];
			throw error;
		}
	}

	async activityOf(lesson: string): Promise<ActivityEntry[]> {
		return activityOf(await sharedRedis(), this.#state, lesson);
	}

	/** The learner's key names matching a glob pattern, from their key index. */
	async keys(pattern = '*', limit = Infinity): Promise<string[]> {
		return indexedKeys(await sharedRedis(), this.ns, pattern, limit);
	}

	/** Deletes every key in the namespace and restores the seeded database. */
	async reset(): Promise<number> {
		const shared = await sharedRedis();
		const removed = await deleteAll(shared, this.ns);
		this.#database.reset(await resetState(shared, this.#state));
		this.closeConnections();
		this.usage.clear();
		this.indexSize = 0;
		this.console = newConsoleState();
		return removed;
	}

	/** Gives every key without a TTL one, so nothing a learner leaves behind stays forever. */
	async expireIdleKeys(): Promise<void> {
		this.#indexKept = false;
		await expireAll(await sharedRedis(), this.ns, IDLE_KEY_TTL_SECONDS);
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
			throw new ConsoleCapError();
		}
		const own = await dedicatedConnection(
			{ enableOfflineQueue: true, connectionName: 'course-console' },
			this.ns.indexKey
		);
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

	private closeConnections() {
		for (const stop of this.#subscriptions) void stop().catch(() => {});
		this.#subscriptions.clear();
		this.closeConsole();
		void stopLabSession(this.id); // the lab a learner's own version of a pattern ran on
	}

	close() {
		this.closeConnections();
		this.#database.close();
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
setInterval(evict, Math.min(60_000, IDLE_MS / 2)).unref();

export const sandboxCount = () => sandboxes.size;

/** Closes every sandbox's connections and subscriptions (at shutdown). */
export function closeAllSandboxes(): void {
	for (const sandbox of sandboxes.values()) sandbox.close();
	sandboxes.clear();
}
