import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, runScript, withScores } from '../pattern-support';

/**
 * Best sellers: units sold per product, in a sorted set built once from the sales table and then
 * kept current by each sale, instead of a GROUP BY recounted on every read or every write.
 */
export const BEST_SELLERS_KEY = 'leaderboard:best-sellers';
/**
 * The last sale id the board was built from: a sale at or below it is counted already. (On a
 * Cluster, give it and the board one hash tag: the sale's script reads both.)
 */
export const BUILT_THROUGH_KEY = 'leaderboard:best-sellers:through';
/** A rebuild from SQL corrects any drift (see recordSale); until then, sales keep it current. */
export const BEST_SELLERS_TTL_SECONDS = 3600;

// LEFT JOIN: a product that never sold is on the board with 0, so recordSale can find it. The
// last sale id comes from the same statement, so it describes exactly the sales counted.
export const UNITS_BY_PRODUCT_SQL = `SELECT p.name AS product, COALESCE(SUM(s.quantity), 0) AS units,
		(SELECT COALESCE(MAX(id), 0) FROM sales) AS through
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

	const rows = await db.all<{ product: string; units: number; through: number }>(
		UNITS_BY_PRODUCT_SQL
	);
	const replies = await execAll(
		redis
			.multi()
			.del(BEST_SELLERS_KEY)
			.zadd(BEST_SELLERS_KEY, ...rows.flatMap(({ product, units }) => [units, product]))
			.expire(BEST_SELLERS_KEY, BEST_SELLERS_TTL_SECONDS)
			.set(BUILT_THROUGH_KEY, rows[0]?.through ?? 0, 'EX', BEST_SELLERS_TTL_SECONDS)
			.zrange(BEST_SELLERS_KEY, 0, count - 1, 'REV', 'WITHSCORES')
	);
	return { top: ranked(replies[4] as string[]), built: true };
}

/**
 * Adds a sale to the board, once. Nothing when the board is not built (the next build counts the
 * sale; a plain ZINCRBY would make a board of one product). Nothing either when the build already
 * counted it, because it committed before the build's SELECT: adding it again would count it
 * twice. Replies with the product's units on the board, or nil.
 */
const COUNT_SALE = defineScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if tonumber(ARGV[1]) <= tonumber(redis.call('GET', KEYS[2]) or '0') then
  return redis.call('ZSCORE', KEYS[1], ARGV[3])
end
return redis.call('ZINCRBY', KEYS[1], ARGV[2], ARGV[3])`);

/**
 * A sale: the database first, then the board, without recounting anything. One race is left: a
 * sale that commits after a build's SELECT and reaches Redis before the build's MULTI is added to
 * the old board, which the build then replaces. It is missed until the TTL rebuilds the board.
 */
export async function recordSale(
	ctx: PatternContext,
	productId: number,
	customerId: number,
	units: number
) {
	const { db } = ctx;
	const product = await db.get<{ name: string }>(
		'SELECT name FROM inventory WHERE id = ?',
		productId
	);
	if (!product) throw new Error(`There is no product ${productId}.`);
	const sale = await db.get<{ id: number }>(
		`INSERT INTO sales (product_id, customer_id, quantity, sale_date)
		VALUES (?, ?, ?, date('now')) RETURNING id`,
		productId,
		customerId,
		units
	);
	return { product: product.name, unitsSold: await countSale(ctx, sale!.id, product.name, units) };
}

/** The board's half of a sale, once it has committed: its units on the board, or null. */
export async function countSale(
	{ redis }: PatternContext,
	saleId: number,
	product: string,
	units: number
): Promise<number | null> {
	const keys = [BEST_SELLERS_KEY, BUILT_THROUGH_KEY];
	const total = await runScript(redis, COUNT_SALE, keys, [saleId, units, product]);
	return total === null ? null : Number(total);
}
