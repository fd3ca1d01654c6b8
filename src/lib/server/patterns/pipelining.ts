import { execAll, type PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

/** n reads, one after another: each GET waits for its reply before the next one is sent. */
export async function getOneByOne(redis: Redis, keys: string[]): Promise<(string | null)[]> {
	const values: (string | null)[] = [];
	for (const key of keys) values.push(await redis.get(key));
	return values;
}

/**
 * The same reads in one pipeline: every GET is written before any reply is read, so the batch
 * costs one round trip. Not atomic: another client's commands may run between two of them.
 */
export async function getPipelined(redis: Redis, keys: string[]): Promise<(string | null)[]> {
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.get(key);
	return (await execAll(pipeline)) as (string | null)[];
}

/** One command for all the keys. On a Cluster, MGET needs every key in one hash slot. */
export const getWithMget = (redis: Redis, keys: string[]) => redis.mget(keys);

/** Writes many keys in one pipeline, each with its TTL: one round trip instead of one per key. */
export async function setPipelined(redis: Redis, entries: [string, string][], ttlSeconds: number) {
	const pipeline = redis.pipeline();
	for (const [key, value] of entries) pipeline.set(key, value, 'EX', ttlSeconds);
	await execAll(pipeline);
}

async function timed<T>(read: () => Promise<T>): Promise<{ ms: number; values: T }> {
	const started = performance.now();
	const values = await read();
	return { ms: performance.now() - started, values };
}

/**
 * Reads the same keys the three ways, one way after the other, and times each: run it against
 * your own Redis to see what a round trip costs on your network.
 */
export async function compareReads(redis: Redis, keys: string[]) {
	const sequential = await timed(() => getOneByOne(redis, keys));
	const mget = await timed(() => getWithMget(redis, keys));
	const pipeline = await timed(() => getPipelined(redis, keys));
	return { sequential, pipeline, mget };
}
