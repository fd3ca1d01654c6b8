import type { SqlParam } from '../db/traced-db';
import type { PatternContext } from '../pattern-support';
import { tryCache } from './cache-aside';

export const TTL_SECONDS = 60;

/** One customer's orders, newest first: the query whose whole result set this lesson caches. */
export const CUSTOMER_ORDERS_SQL = `SELECT s.id, s.sale_date, p.name AS product, s.quantity, p.price,
		ROUND(s.quantity * p.price, 2) AS amount
	FROM sales s
	JOIN inventory p ON p.id = s.product_id
	WHERE s.customer_id = ?
	ORDER BY s.sale_date DESC, s.id DESC`;

/**
 * Runs of whitespace become one space, so a re-indented query still matches; not inside a
 * quoted literal or identifier, where 'a  b' and 'a b' are different data.
 */
const foldWhitespace = (sql: string) =>
	sql
		.split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
		.map((part, i) => (i % 2 ? part : part.replace(/\s+/g, ' ')))
		.join('')
		.trim();

/**
 * The key is the query itself: its text and its parameters, base64-encoded. Base64 can be
 * decoded to see which query a key holds; a hash such as SHA-1 would give shorter keys that cannot.
 */
export function sqlKey(sql: string, params: SqlParam[]): string {
	const text = JSON.stringify([foldWhitespace(sql), params]);
	return `sql:${Buffer.from(text).toString('base64')}`;
}

/** Any query through the cache: the whole result set is one JSON string under sqlKey. */
export async function cachedQuery<Row>(
	{ redis, db }: PatternContext,
	sql: string,
	params: SqlParam[]
): Promise<{ key: string; rows: Row[]; hit: boolean; cacheError?: Error }> {
	const key = sqlKey(sql, params);
	const cached = await tryCache(redis.get(key));
	if (typeof cached === 'string') {
		return { key, rows: JSON.parse(cached) as Row[], hit: true };
	}

	const rows = await db.all<Row>(sql, ...params);
	// Redis unavailable: the rows from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { key, rows, hit: false, cacheError: cached };
	const stored = await tryCache(redis.set(key, JSON.stringify(rows), 'EX', TTL_SECONDS));
	if (stored instanceof Error) return { key, rows, hit: false, cacheError: stored };
	return { key, rows, hit: false };
}

export const readCustomerOrders = (ctx: PatternContext, customerId: number) =>
	cachedQuery(ctx, CUSTOMER_ORDERS_SQL, [customerId]);

/**
 * Invalidation has to rebuild the exact key: the same SQL text and the same parameters. Nothing
 * links a row in `sales` to the keys of the queries that read it, so the write path must know them.
 */
export async function invalidateCustomerOrders({ redis }: PatternContext, customerId: number) {
	const key = sqlKey(CUSTOMER_ORDERS_SQL, [customerId]);
	return { key, deleted: await redis.del(key) };
}
