import type { SqlParam } from '../../db/traced-db';
import type { PatternContext } from '../../pattern-support';

/**
 * Cache-aside's write path: change the database and delete the cached copy under `key`, so that
 * the next reader misses and loads the new row.
 */
export async function updateAndInvalidate(
	ctx: PatternContext,
	key: string,
	sql: string,
	...params: SqlParam[]
): Promise<number> {
	await ctx.redis.del(key);
	return ctx.db.run(sql, ...params);
}
