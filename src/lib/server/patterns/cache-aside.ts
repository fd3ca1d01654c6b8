import { SELECT_TABLE, type Table } from '../db/queries';
import type { SqlParam } from '../db/traced-db';
import type { PatternContext } from '../pattern-support';

export const TTL_SECONDS = 60;

export const cacheKey = (table: Table) => `query:${table}`;

export interface CachedRead<T> {
	value: T;
	hit: boolean;
	/** Why the cache could not be used (Redis unavailable, say); null when it worked. */
	cacheError?: Error;
}

/**
 * One cache command: its reply, or the error it failed with instead of a throw. The cache is a
 * shortcut, not a dependency: when Redis is unavailable, a read goes to the database and answers.
 */
export async function tryCache<R>(command: Promise<R>): Promise<R | Error> {
	try {
		return await command;
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** Cache-aside read: try Redis first; on a miss, load from the database and cache the result. */
export async function readThrough<T>(
	{ redis }: PatternContext,
	key: string,
	load: () => Promise<T>
): Promise<CachedRead<T>> {
	const cached = await tryCache(redis.get(key));
	if (typeof cached === 'string') return { value: JSON.parse(cached) as T, hit: true };

	const value = await load();
	// Redis did not answer: serve the rows anyway, and write nothing to a cache that is down.
	if (cached instanceof Error) return { value, hit: false, cacheError: cached };
	// EX bounds how long a missed invalidation can serve stale data.
	const stored = await tryCache(redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS));
	if (stored instanceof Error) return { value, hit: false, cacheError: stored };
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
