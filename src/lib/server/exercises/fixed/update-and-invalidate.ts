import type { SqlParam } from '../../db/traced-db';
import type { PatternContext } from '../../pattern-support';

/**
 * Cache-aside's write path, as the course's (patterns/cache-aside.ts): change the database
 * first, then delete the cached copy under `key`. Deleting first would let a concurrent reader
 * cache the old row again before the update commits.
 */
export async function updateAndInvalidate(
	ctx: PatternContext,
	key: string,
	sql: string,
	...params: SqlParam[]
): Promise<number> {
	const changed = await ctx.db.run(sql, ...params);
	await ctx.redis.del(key);
	return changed;
}
