import type { Redis } from 'ioredis';
import type { TracedDb } from '../db/traced-db';

/**
 * What a pattern receives: the learner's Redis (keys namespaced, commands traced) and their
 * database. A pattern cannot tell a sandbox from a test, which is what makes it testable.
 */
export interface PatternContext {
	redis: Redis;
	db: TracedDb;
	/** This app server's own memory for the learner (an in-process cache, say). */
	memory: Map<string, unknown>;
	/**
	 * A connection of its own (traced and namespaced the same way) for what must not run on a
	 * shared one: blocking commands such as BLMOVE, and WATCH. Closed when the demo ends.
	 */
	ownConnection(): Promise<Redis>;
	/**
	 * Listens to a channel (namespaced like keys, as PUBLISH is) on the app's subscriber
	 * connection; resolves, once subscribed, to the function that stops listening.
	 */
	subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
}
