import type { Cluster, Redis } from 'ioredis';
import type { TracedDb } from '../db/traced-db';

/**
 * What a pattern receives: the learner's Redis (keys namespaced, commands traced), their
 * database, a clock, this app server's memory, and a few things a pattern may open (a
 * connection of its own, a subscription, a private lab server), all closed when the request
 * ends. A pattern cannot tell a sandbox from a test, which is what makes it testable.
 */
export interface PatternContext {
	redis: Redis;
	db: TracedDb;
	clock: Clock;
	/**
	 * This app server's own memory for the learner (an in-process cache, say). The course keeps it
	 * in Redis so that any of its instances can play the same app server; hence the promises.
	 */
	memory: InstanceMemory;
	/**
	 * A connection of its own (traced and namespaced the same way) for what must not run on a
	 * shared one: blocking commands such as BLMOVE, and WATCH. Closed when the request ends.
	 */
	ownConnection(): Promise<Redis>;
	/**
	 * Listens to a channel (namespaced like keys, as PUBLISH is) on the app's subscriber
	 * connection; resolves, once subscribed, to the function that stops listening.
	 */
	subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
	/**
	 * A private redis-server for what a shared one cannot show (eviction, persistence, CONFIG,
	 * a big keyspace, Cluster redirects): started for this request, stopped when it ends.
	 */
	lab(options?: LabOptions): Promise<Lab>;
	/** Three private cluster-enabled servers joined into one cluster, stopped when the request ends. */
	clusterLab(): Promise<ClusterLab>;
}

/** Time as the pattern sees it: the system clock in the course, a controllable one in a test. */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** A named slot of instance memory, with the value it starts from: `memoryKey('hits', () => new Map())`. */
export interface MemoryKey<T> {
	readonly name: string;
	readonly init: () => T;
}

export const memoryKey = <T>(name: string, init: () => T): MemoryKey<T> => ({ name, init });

/**
 * One app server's memory for one learner: each slot typed by its key. A value read is a copy:
 * after changing it, `set` it again.
 */
export interface InstanceMemory {
	/** The slot's value, or its `init` if it has none. */
	get<T>(key: MemoryKey<T>): Promise<T>;
	set<T>(key: MemoryKey<T>, value: T): Promise<void>;
	/** Forgets the slot: the next `get` starts again from `init`. */
	delete(key: MemoryKey<unknown>): Promise<void>;
}

export interface LabOptions {
	/** e.g. `'2mb'`: small, so eviction shows after a few hundred keys. Default 8mb. */
	maxmemory?: string;
	/** Any other settings at start, e.g. `{ appendonly: 'yes' }`. */
	config?: Record<string, string>;
}

/** A private redis-server of the learner's own: every command allowed, every command traced. */
export interface Lab {
	redis: Redis;
	port: number;
	/**
	 * Stops the server the way a crash or a restart would (SHUTDOWN, or a kill with `crash`)
	 * and starts it again on the same port and directory: what it had persisted is loaded again.
	 */
	restart(options?: { crash?: boolean }): Promise<void>;
	/**
	 * Stops the server (SHUTDOWN, or a kill with `crash`) and leaves it stopped: until `start()`,
	 * every command fails at once, as it would for an app whose Redis went away.
	 */
	stop(options?: { crash?: boolean }): Promise<void>;
	/** Starts a stopped server again on the same port and directory, loading what it persisted. */
	start(): Promise<void>;
}

export interface ClusterLab {
	/** A Cluster client: it follows MOVED redirects; each command traced. */
	redis: Cluster;
	/** One plain connection per node (no redirects followed), to show MOVED and CROSSSLOT. */
	nodes: Redis[];
	ports: number[];
}
