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
}
