import type { PatternContext } from '../pattern-support';
import { execAll, withScores } from '../pattern-support';
import { tryCache } from './cache-aside';
import { CITY_SUMMARY_KEY } from './join-group-by';

export const TTL_SECONDS = 60;
export const TOP_N = 5;

/** One key shared by every reader: no per-customer copies. */
export const TOP_PRODUCTS_KEY = 'leaderboard:top-products';

export const REVENUE_BY_PRODUCT_SQL = `SELECT p.name AS product, ROUND(SUM(s.quantity * p.price), 2) AS revenue
	FROM sales s JOIN inventory p ON p.id = s.product_id
	GROUP BY p.id
	ORDER BY revenue DESC`;

export interface RankedProduct {
	rank: number;
	product: string;
	revenue: number;
}

/**
 * The ranking lives in a sorted set, product name → revenue, so a read takes any slice
 * (ZRANGE ... REV) in O(log N + M). The rebuild is one MULTI: no reader sees the set half-built,
 * or written without its TTL.
 */
export async function readTopProducts({
	redis,
	db
}: PatternContext): Promise<{ top: RankedProduct[]; hit: boolean; cacheError?: Error }> {
	const cached = await tryCache(redis.zrange(TOP_PRODUCTS_KEY, 0, TOP_N - 1, 'REV', 'WITHSCORES'));
	// An empty sorted set does not exist in Redis, so an empty reply is always a miss.
	if (!(cached instanceof Error) && cached.length > 0) {
		const top = withScores(cached).map(({ member, score }, i) => ({
			rank: i + 1,
			product: member,
			revenue: score
		}));
		return { top, hit: true };
	}

	const rows = await db.all<{ product: string; revenue: number }>(REVENUE_BY_PRODUCT_SQL);
	const top: RankedProduct[] = rows.slice(0, TOP_N).map((row, i) => ({ rank: i + 1, ...row }));
	// Redis unavailable: the ranking from GROUP BY, as in cache-aside; no MULTI to a cache that is down.
	if (cached instanceof Error) return { top, hit: false, cacheError: cached };
	if (rows.length === 0) return { top, hit: false };
	const scored = rows.flatMap(({ product, revenue }) => [revenue, product]);
	const stored = await tryCache(
		execAll(
			redis
				.multi()
				.del(TOP_PRODUCTS_KEY)
				.zadd(TOP_PRODUCTS_KEY, ...scored)
				.expire(TOP_PRODUCTS_KEY, TTL_SECONDS)
		)
	);
	if (stored instanceof Error) return { top, hit: false, cacheError: stored };
	return { top, hit: false };
}

/**
 * A sale changes every aggregate over the sales table (this ranking and the next lesson's city
 * summary), so the write deletes both keys in one DEL, after the INSERT has committed.
 */
export async function recordSaleAndInvalidate(
	{ redis, db, clock }: PatternContext,
	productId: number,
	customerId: number,
	quantity = 1
) {
	const today = new Date(clock.now()).toISOString().slice(0, 10);
	await db.run(
		'INSERT INTO sales (product_id, customer_id, quantity, sale_date) VALUES (?, ?, ?, ?)',
		productId,
		customerId,
		quantity,
		today
	);
	const keys = [TOP_PRODUCTS_KEY, CITY_SUMMARY_KEY];
	const deleted = await redis.del(...keys);
	return { keys, deleted };
}
