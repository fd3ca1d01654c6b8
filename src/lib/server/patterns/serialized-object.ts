import type { PatternContext } from '../pattern-support';
import { tryCache } from './cache-aside';

export const TTL_SECONDS = 60;
export const RECENT_PURCHASES = 3;

export const objectKey = (customerId: number) => `customer:object:${customerId}`;

export interface Purchase {
	date: string;
	product: string;
	quantity: number;
	amount: number;
}

/** What the account page needs, computed once and cached as one JSON string. */
export interface CustomerObject {
	id: number;
	name: string;
	email: string;
	city: string;
	tier: string;
	joined: string;
	totalSpent: number;
	orderCount: number;
	recentPurchases: Purchase[];
	/** When the object was built: a hit shows the time of the miss that built it. */
	builtAt: string;
}

type CustomerRow = Pick<CustomerObject, 'id' | 'name' | 'email' | 'city' | 'tier' | 'joined'>;

/** Three queries: the row, the totals, the latest purchases. This is what a hit saves. */
export async function buildCustomerObject(
	{ db }: PatternContext,
	customerId: number
): Promise<CustomerObject | null> {
	const customer = await db.get<CustomerRow>(
		'SELECT id, name, email, city, tier, joined FROM customers WHERE id = ?',
		customerId
	);
	if (!customer) return null;
	const totals = await db.get<{ orderCount: number; totalSpent: number }>(
		`SELECT COUNT(*) AS orderCount, ROUND(COALESCE(SUM(s.quantity * p.price), 0), 2) AS totalSpent
		FROM sales s JOIN inventory p ON p.id = s.product_id
		WHERE s.customer_id = ?`,
		customerId
	);
	const recentPurchases = await db.all<Purchase>(
		`SELECT s.sale_date AS date, p.name AS product, s.quantity, ROUND(s.quantity * p.price, 2) AS amount
		FROM sales s JOIN inventory p ON p.id = s.product_id
		WHERE s.customer_id = ?
		ORDER BY s.sale_date DESC, s.id DESC
		LIMIT ?`,
		customerId,
		RECENT_PURCHASES
	);
	return {
		...customer,
		totalSpent: totals?.totalSpent ?? 0,
		orderCount: totals?.orderCount ?? 0,
		recentPurchases,
		builtAt: new Date().toISOString()
	};
}

/** GET and JSON.parse on a hit; on a miss, build the object and SET it with its TTL. */
export async function readCustomerObject(
	ctx: PatternContext,
	customerId: number
): Promise<{ object: CustomerObject | null; hit: boolean; cacheError?: Error }> {
	const key = objectKey(customerId);
	const cached = await tryCache(ctx.redis.get(key));
	if (typeof cached === 'string') {
		return { object: JSON.parse(cached) as CustomerObject, hit: true };
	}

	const object = await buildCustomerObject(ctx, customerId);
	// Redis unavailable: built from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { object, hit: false, cacheError: cached };
	if (!object) return { object, hit: false };
	const stored = await tryCache(ctx.redis.set(key, JSON.stringify(object), 'EX', TTL_SECONDS));
	if (stored instanceof Error) return { object, hit: false, cacheError: stored };
	return { object, hit: false };
}

/**
 * The object depends on three tables: a change to the customer, a new sale of theirs, or a
 * product's new name or price all make it wrong. Each of those writes must call this.
 */
export function invalidateCustomerObject({ redis }: PatternContext, customerId: number) {
	return redis.del(objectKey(customerId));
}
