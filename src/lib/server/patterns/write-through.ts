import { SELECT_TABLE, type Table } from '../db/queries';
import type { SqlParam } from '../db/traced-db';
import type { PatternContext } from '../pattern-support';
import { TTL_SECONDS, cacheKey } from './cache-aside';

/**
 * Write-through: the write updates the database and then refreshes the cached copy in the same
 * call, so the next read is a hit. The two writes are not atomic together: if the SET fails,
 * the TTL is what bounds the staleness.
 */
export async function writeThrough(
	{ db, redis }: PatternContext,
	table: Table,
	sql: string,
	...params: SqlParam[]
) {
	await db.run(sql, ...params);
	const rows = await db.all(SELECT_TABLE[table]);
	await redis.set(cacheKey(table), JSON.stringify(rows), 'EX', TTL_SECONDS);
	return rows;
}
