import { SELECT_TABLE, type Table } from '../db/queries';
import type { SqlParam } from '../db/traced-db';
import type { PatternContext } from '../pattern-support';

export const TTL_SECONDS = 60;

export const cacheKey = (table: Table) => `query:${table}`;

export interface CachedRead<T> {
	value: T;
	hit: boolean;
}

/** Cache-aside read: try Redis first; on a miss, load from the database and cache the result. */
export async function readThrough<T>(
	{ redis }: PatternContext,
	key: string,
	load: () => Promise<T>
): Promise<CachedRead<T>> {
	const cached = await redis.get(key);
	if (cached !== null) return { value: JSON.parse(cached) as T, hit: true };

	const value = await load();
	// EX bounds how long a missed invalidation can serve stale data.
	await redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
	return { value, hit: false };
}

export function readTable(ctx: PatternContext, table: Table) {
	return readThrough(ctx, cacheKey(table), () => ctx.db.all(SELECT_TABLE[table]));
}

/**
 * The write path: change the database first, then delete the cached copy. Deleting first would
 * let a concurrent reader cache the old row again before the update commits.
 */
export async function updateAndInvalidate(
	ctx: PatternContext,
	table: Table,
	sql: string,
	...params: SqlParam[]
): Promise<number> {
	const changed = await ctx.db.run(sql, ...params);
	await ctx.redis.del(cacheKey(table));
	return changed;
}
