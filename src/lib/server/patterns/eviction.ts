import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

/** What a full server may remove: any key (allkeys-*), or only keys with a TTL (volatile-*). */
export type EvictionPolicy =
	| 'noeviction'
	| 'allkeys-lru'
	| 'allkeys-lfu'
	| 'allkeys-random'
	| 'volatile-lru'
	| 'volatile-lfu'
	| 'volatile-ttl'
	| 'volatile-random';

/**
 * Chooses what the server does at maxmemory. Set it before the data arrives: a key written under
 * an LRU policy carries an access time, under an LFU policy a use counter, and a switch leaves
 * the old keys judged by the wrong one for a while.
 */
export async function setEvictionPolicy(redis: Redis, policy: EvictionPolicy) {
	await redis.config('SET', 'maxmemory-policy', policy);
}

/** The limit, the policy, and how many keys each eviction compares (maxmemory-samples). */
export async function evictionSettings(redis: Redis) {
	const reply = (await redis.config('GET', 'maxmemory*')) as string[];
	const settings = new Map<string, string>();
	for (let i = 0; i + 1 < reply.length; i += 2) settings.set(reply[i]!, reply[i + 1]!);
	return {
		maxmemoryBytes: Number(settings.get('maxmemory')),
		policy: settings.get('maxmemory-policy') as EvictionPolicy,
		samples: Number(settings.get('maxmemory-samples'))
	};
}

/** What to watch: memory in use, and keys evicted since the server started (INFO, one call). */
export async function evictionCounters(redis: Redis) {
	const info = String(await redis.info('memory', 'stats'));
	const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1]);
	return { usedMemoryBytes: field('used_memory'), evictedKeys: field('evicted_keys') };
}

/** The error a write gets from a full server that may not evict (noeviction, or nothing left to evict). */
export const isOutOfMemory = (error: unknown) =>
	error instanceof Error && error.message.startsWith('OOM ');

/**
 * Writes cache entries in one round trip. A write refused for lack of memory is reported, not
 * thrown: a cache that cannot store a value can still answer from the database. Any other
 * error is thrown.
 */
export async function writeEntries(
	redis: Redis,
	entries: { key: string; value: string; ttlSeconds?: number }[]
): Promise<{ refused: string[]; error?: string }> {
	const pipeline = redis.pipeline();
	for (const { key, value, ttlSeconds } of entries) {
		if (ttlSeconds) pipeline.set(key, value, 'EX', ttlSeconds);
		else pipeline.set(key, value);
	}
	const replies = (await pipeline.exec()) ?? [];
	const refused: string[] = [];
	let error: string | undefined;
	replies.forEach(([failure], i) => {
		if (!failure) return;
		if (!isOutOfMemory(failure)) throw failure;
		refused.push(entries[i]!.key);
		error ??= failure.message;
	});
	return { refused, ...(error && { error }) };
}
