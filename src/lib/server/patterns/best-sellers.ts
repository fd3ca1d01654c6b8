import type { PatternContext } from '../pattern-support';
import { execAll, withScores } from '../pattern-support';

/**
 * Best sellers: units sold per product, in a sorted set built once from the sales table and then
 * kept current by each sale, instead of a GROUP BY recounted on every read or every write.
 */
export const BEST_SELLERS_KEY = 'leaderboard:best-sellers';
/** A rebuild from SQL corrects any drift (see recordSale); until then, sales keep it current. */
export const BEST_SELLERS_TTL_SECONDS = 3600;

// LEFT JOIN: a product that never sold is on the board with 0, so recordSale can find it.
export const UNITS_BY_PRODUCT_SQL = `SELECT p.name AS product, COALESCE(SUM(s.quantity), 0) AS units
	FROM inventory p LEFT JOIN sales s ON s.product_id = p.id
	GROUP BY p.id`;

export interface BestSeller {
	rank: number;
	product: string;
	unitsSold: number;
}

const ranked = (reply: string[]): BestSeller[] =>
	withScores(reply).map(({ member, score }, i) => ({
		rank: i + 1,
		product: member,
		unitsSold: score
	}));

/** The best sellers from the board; on a miss, the board is built from one GROUP BY. */
export async function bestSellers({ redis, db }: PatternContext, count = 5) {
	const cached = await redis.zrange(BEST_SELLERS_KEY, 0, count - 1, 'REV', 'WITHSCORES');
	// An empty sorted set does not exist in Redis, so an empty reply means "not built yet".
	if (cached.length) return { top: ranked(cached), built: false };

	const rows = await db.all<{ product: string; units: number }>(UNITS_BY_PRODUCT_SQL);
	const replies = await execAll(
		redis
			.multi()
			.del(BEST_SELLERS_KEY)
			.zadd(BEST_SELLERS_KEY, ...rows.flatMap(({ product, units }) => [units, product]))
			.expire(BEST_SELLERS_KEY, BEST_SELLERS_TTL_SECONDS)
			.zrange(BEST_SELLERS_KEY, 0, count - 1, 'REV', 'WITHSCORES')
	);
	return { top: ranked(replies[3] as string[]), built: true };
}

/**
 * A sale: the database first, then the board, without recounting anything. ZADD XX INCR adds to
 * a product already on the board and does nothing when the board is not built (the next read
 * builds it from SQL, this sale included); a plain ZINCRBY would create a board of one product.
 * A sale that commits while a rebuild is between its SELECT and its ZADD is missed until the
 * TTL rebuilds the board.
 */
export async function recordSale(
	{ redis, db }: PatternContext,
	productId: number,
	customerId: number,
	units: number
) {
	const product = await db.get<{ name: string }>(
		'SELECT name FROM inventory WHERE id = ?',
		productId
	);
	if (!product) throw new Error(`There is no product ${productId}.`);
	await db.run(
		`INSERT INTO sales (product_id, customer_id, quantity, sale_date) VALUES (?, ?, ?, date('now'))`,
		productId,
		customerId,
		units
	);
	const total = await redis.zadd(BEST_SELLERS_KEY, 'XX', 'INCR', units, product.name);
	return { product: product.name, unitsSold: total === null ? null : Number(total) };
}
