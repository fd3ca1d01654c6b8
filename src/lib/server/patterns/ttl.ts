import { SELECT_PRODUCT, type Product } from '../db/products';
import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';
import { tryCache } from './cache-aside';

/** A sliding entry is reloaded once it is this old, however often it is read. */
export const MAX_AGE_SECONDS = 600;
/** How far a jittered TTL may stray from the base, either way: 0.1 is ±10%. */
export const JITTER_RATIO = 0.1;

export const fixedKey = (id: number) => `fixed:product:${id}`;
export const slidingKey = (id: number) => `sliding:product:${id}`;

/** What is cached: the row, and when it was read from the database (ms since the epoch). */
export interface Entry {
	product: Product;
	cachedAt: number;
}

export interface TtlRead extends Entry {
	hit: boolean;
	/** Why the cache could not be used (Redis unavailable): the entry came from the database. */
	cacheError?: Error;
}

async function load({ db, clock }: PatternContext, id: number): Promise<Entry> {
	const product = await db.get<Product>(SELECT_PRODUCT, id);
	if (!product) throw new Error(`There is no product ${id}.`);
	return { product, cachedAt: clock.now() };
}

/** Fixed TTL: the expiry is set once, when the value is cached. Reads do not move it. */
export async function readFixed(
	ctx: PatternContext,
	id: number,
	ttlSeconds: number
): Promise<TtlRead> {
	const cached = await tryCache(ctx.redis.get(fixedKey(id)));
	if (typeof cached === 'string') {
		return { ...(JSON.parse(cached) as Entry), hit: true };
	}

	const entry = await load(ctx, id);
	// Redis unavailable: the row from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { ...entry, hit: false, cacheError: cached };
	const json = JSON.stringify(entry);
	const stored = await tryCache(ctx.redis.set(fixedKey(id), json, 'EX', ttlSeconds));
	if (stored instanceof Error) return { ...entry, hit: false, cacheError: stored };
	return { ...entry, hit: false };
}

/**
 * Sliding TTL: every read pushes the expiry out again. GETEX reads the value and resets its TTL
 * in one command (Redis 6.2+); before that it took a GET and an EXPIRE.
 */
export async function readSliding(
	ctx: PatternContext,
	id: number,
	ttlSeconds: number
): Promise<TtlRead> {
	const cached = await tryCache(ctx.redis.getex(slidingKey(id), 'EX', ttlSeconds));
	if (typeof cached === 'string') {
		const entry = JSON.parse(cached) as Entry;
		// A key read more often than its TTL never expires: cap its age, or it is never refreshed.
		if (ctx.clock.now() - entry.cachedAt < MAX_AGE_SECONDS * 1000) {
			return { ...entry, hit: true };
		}
	}
	const entry = await load(ctx, id);
	// Redis unavailable: the row from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { ...entry, hit: false, cacheError: cached };
	const json = JSON.stringify(entry);
	const stored = await tryCache(ctx.redis.set(slidingKey(id), json, 'EX', ttlSeconds));
	if (stored instanceof Error) return { ...entry, hit: false, cacheError: stored };
	return { ...entry, hit: false };
}

/** A TTL spread evenly over base ± JITTER_RATIO, so keys written together expire apart. */
export function jitteredTtl(baseSeconds: number, ratio = JITTER_RATIO): number {
	const spread = baseSeconds * ratio;
	return Math.round(baseSeconds - spread + Math.random() * 2 * spread);
}

/** Writes every key in one pipeline (one round trip), each with the TTL `ttlOf` gives it. */
export async function writeWithTtl(
	{ redis }: PatternContext,
	keys: string[],
	value: string,
	ttlOf: () => number
) {
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.set(key, value, 'EX', ttlOf());
	await execAll(pipeline);
}
