import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, runScript } from '../pattern-support';
import { tryCache } from './cache-aside';
import { CARD_FIELDS, SELECT_CARD_SQL, cardKey, type CustomerCard } from './json-fields';

export const TTL_SECONDS = 60;

/** The same card as lesson 2, one hash field per column. A hash stores every value as a string. */
export type CardHash = Record<(typeof CARD_FIELDS)[number], string>;
export const PATCHABLE_FIELDS = ['name', 'city', 'tier'] as const;
export type PatchableField = (typeof PATCHABLE_FIELDS)[number];

export const hashKey = (customerId: number) => `customer:hash:${customerId}`;

const UPDATE_FIELD_SQL: Record<PatchableField, string> = {
	name: 'UPDATE customers SET name = ? WHERE id = ?',
	city: 'UPDATE customers SET city = ? WHERE id = ?',
	tier: 'UPDATE customers SET tier = ? WHERE id = ?'
};

/** HGETALL; on a miss, load the row and write every field and the TTL in one MULTI. */
export async function readCustomerHash(
	{ redis, db }: PatternContext,
	customerId: number
): Promise<{ card: CardHash | null; hit: boolean; cacheError?: Error }> {
	const key = hashKey(customerId);
	const cached = await tryCache(redis.hgetall(key));
	// A missing key reads as {}. A hash without every field is a miss too: never serve half a card.
	if (!(cached instanceof Error) && CARD_FIELDS.every((field) => field in cached)) {
		return { card: cached as CardHash, hit: true };
	}

	const row = await db.get<CustomerCard>(SELECT_CARD_SQL, customerId);
	const card = row
		? (Object.fromEntries(Object.entries(row).map(([f, v]) => [f, String(v)])) as CardHash)
		: null;
	// Redis unavailable: the row from the database, as in cache-aside; no MULTI to a cache that is down.
	if (cached instanceof Error) return { card, hit: false, cacheError: cached };
	if (!row) return { card, hit: false };
	const stored = await tryCache(execAll(redis.multi().hset(key, row).expire(key, TTL_SECONDS)));
	if (stored instanceof Error) return { card, hit: false, cacheError: stored };
	return { card, hit: false };
}

/** The write path for one field: the database first, then that one field of the cached hash. */
export async function updateField(
	ctx: PatternContext,
	customerId: number,
	field: PatchableField,
	value: string
): Promise<{ patched: boolean }> {
	await ctx.db.run(UPDATE_FIELD_SQL[field], value, customerId);
	return { patched: await patchField(ctx, customerId, field, value) };
}

/**
 * HSET only if the hash is cached: on a missing key (expired, say) a bare HSET would create a
 * hash of one field with no TTL. EXISTS and HSET in one script, so nothing runs in between.
 */
export const PATCH_IF_CACHED = defineScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`);

/**
 * Changes one field of the cached hash; the other fields and the TTL stay as they are. Resolves
 * to false when nothing was cached: the next read loads the whole row. Two writers can still
 * patch in the opposite order to their commits and leave the older value until the TTL: where
 * that matters, delete instead (invalidateCustomerHash), as cache-aside does.
 */
export async function patchField(
	{ redis }: PatternContext,
	customerId: number,
	field: PatchableField,
	value: string
): Promise<boolean> {
	return (await runScript(redis, PATCH_IF_CACHED, [hashKey(customerId)], [field, value])) === 1;
}

/**
 * For comparison, the same change to lesson 2's JSON string: read the whole value, change one
 * field, write the whole value back (KEEPTTL keeps its expiry). Two writers doing this at once
 * lose a change: each SET carries the value its GET saw, so the last one undoes the other's field.
 */
export async function rewriteJsonField(
	{ redis }: PatternContext,
	customerId: number,
	field: PatchableField,
	value: string
): Promise<{ read: string; written: string } | null> {
	const key = cardKey(customerId);
	const read = await redis.get(key);
	if (read === null) return null; // nothing cached: the next read loads the new row
	const written = JSON.stringify({ ...(JSON.parse(read) as CustomerCard), [field]: value });
	await redis.set(key, written, 'KEEPTTL');
	return { read, written };
}

/** Drops the cached hash; the next read loads the row again. */
export function invalidateCustomerHash({ redis }: PatternContext, customerId: number) {
	return redis.del(hashKey(customerId));
}
