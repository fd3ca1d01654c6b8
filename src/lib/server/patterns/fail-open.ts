import { SELECT_PRODUCT, type Product } from '../db/products';
import type { PatternContext } from '../pattern-support';
import { TTL_SECONDS } from './cache-aside';

export const productKey = (id: number) => `product:${id}`;

export interface FailOpenRead<T> {
	value: T;
	/** True on a miss and while Redis is unavailable: the database answered. */
	servedFromDatabase: boolean;
	/** What the cache said when it failed, for the log; null when it worked. */
	cacheError: Error | null;
}

/**
 * Cache-aside that fails open: the cache is a shortcut, never a dependency. When Redis cannot be
 * reached the read goes to the database and says so; it does not try to fill the cache, which
 * is down. Pair it with a client that fails fast (no offline queue), or each read waits first.
 */
export async function readFailOpen<T>(
	{ redis }: PatternContext,
	key: string,
	load: () => Promise<T>
): Promise<FailOpenRead<T>> {
	let cached: string | null;
	try {
		cached = await redis.get(key);
	} catch (error) {
		return { value: await load(), servedFromDatabase: true, cacheError: error as Error };
	}
	if (cached !== null) {
		return { value: JSON.parse(cached) as T, servedFromDatabase: false, cacheError: null };
	}
	const value = await load();
	try {
		await redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
	} catch (error) {
		// Redis went away between the GET and the SET: the reader still gets the row.
		return { value, servedFromDatabase: true, cacheError: error as Error };
	}
	return { value, servedFromDatabase: true, cacheError: null };
}

export function readProduct(ctx: PatternContext, id: number) {
	return readFailOpen(ctx, productKey(id), () => ctx.db.get<Product>(SELECT_PRODUCT, id));
}
