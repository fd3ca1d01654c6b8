import type { PatternContext } from '../pattern-support';
import { encodingOf } from './hash-encoding';

type Redis = PatternContext['redis'];

/** A flat object: what fits both a JSON string and a hash. */
export type FlatObject = Record<string, string | number>;

/**
 * What one key costs, as the server counts it: its encoding and its bytes. MEMORY USAGE on its
 * own measures 5 fields of a hash table and multiplies, an estimate that moves from one server
 * process to the next; SAMPLES 0 counts every field. The estimate is kept for comparison.
 */
export async function keyCost(redis: Redis, key: string) {
	const { encoding, bytes: estimate } = await encodingOf(redis, key);
	const bytes = (await redis.memory('USAGE', key, 'SAMPLES', 0)) as number;
	return { encoding, bytes, estimate };
}

/** Stores one object both ways, as one JSON string and as one hash field per property, and measures each. */
export async function compareForms(
	redis: Redis,
	object: FlatObject,
	keys: { json: string; hash: string }
) {
	await redis.set(keys.json, JSON.stringify(object));
	await redis.hset(keys.hash, object);
	return { json: await keyCost(redis, keys.json), hash: await keyCost(redis, keys.hash) };
}
