import { SELECT_PRODUCT } from '../db/products';
import { PRODUCT_COUNT } from '../db/seed';
import type { PatternContext } from '../pattern-support';
import { readThrough, tryCache } from './cache-aside';

/** The reads cycle over the products of the inventory: read 11 asks for product 1 again. */
const productOf = (read: number) => ((read - 1) % PRODUCT_COUNT) + 1;

export const productKey = (id: number) => `cold-vs-warm:product:${id}`;

/** One product through the cache-aside read of the first lesson: one statement on a miss. */
export const readProduct = (ctx: PatternContext, id: number) =>
	readThrough(ctx, productKey(id), () => ctx.db.get(SELECT_PRODUCT, id));

export interface TimedRead {
	read: number;
	product: number;
	ms: number;
	hit: boolean;
	/** Set when Redis could not be used: the read came from the database (cache-aside fails open). */
	cacheError?: Error;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timedRead(ctx: PatternContext, read: number): Promise<TimedRead> {
	const product = productOf(read);
	const started = performance.now();
	const { hit, cacheError } = await readProduct(ctx, product);
	const ms = performance.now() - started;
	return { read, product, ms, hit, ...(cacheError && { cacheError }) };
}

/**
 * The same `reads` reads twice. Cold: each product's key is deleted just before its read (outside
 * the timing), so every read misses and pays for the query. Warm: the same reads again, served
 * from Redis. Medians, not means: one slow outlier should not decide the ratio.
 */
export async function coldThenWarm(ctx: PatternContext, reads: number) {
	const numbers = Array.from({ length: reads }, (_, i) => i + 1);
	const cold: TimedRead[] = [];
	for (const read of numbers) {
		// If Redis is unavailable this DEL fails, and so does the read's GET: it goes to the database.
		await tryCache(ctx.redis.del(productKey(productOf(read))));
		cold.push(await timedRead(ctx, read));
	}
	const warm: TimedRead[] = [];
	for (const read of numbers) warm.push(await timedRead(ctx, read));

	const coldMedianMs = median(cold.map((r) => r.ms));
	const warmMedianMs = median(warm.map((r) => r.ms));
	return { cold, warm, coldMedianMs, warmMedianMs, speedUp: coldMedianMs / warmMedianMs };
}
