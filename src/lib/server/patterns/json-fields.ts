import type { PatternContext } from '../pattern-support';
import { tryCache } from './cache-aside';

export const TTL_SECONDS = 60;

/** What the customer card shows. Email and join date stay in the database: nobody reads them here. */
export const CARD_FIELDS = ['id', 'name', 'city', 'tier'] as const;
export type CardField = (typeof CARD_FIELDS)[number];
export type CustomerCard = { id: number; name: string; city: string; tier: string };

export const SELECT_CARD_SQL = `SELECT ${CARD_FIELDS.join(', ')} FROM customers WHERE id = ?`;

export const cardKey = (customerId: number) => `customer:id:${customerId}`;

/** One customer's card as a JSON string: only the chosen fields, keyed by the customer's id. */
export async function readCustomerCard(
	{ redis, db }: PatternContext,
	customerId: number
): Promise<{ card: CustomerCard | null; hit: boolean; cacheError?: Error }> {
	const key = cardKey(customerId);
	const cached = await tryCache(redis.get(key));
	if (typeof cached === 'string') {
		return { card: JSON.parse(cached) as CustomerCard, hit: true };
	}

	const card = (await db.get<CustomerCard>(SELECT_CARD_SQL, customerId)) ?? null;
	// Redis unavailable: the card comes from the database, as in cache-aside; nothing is written.
	if (cached instanceof Error) return { card, hit: false, cacheError: cached };
	if (!card) return { card, hit: false }; // no such customer: nothing to cache
	const stored = await tryCache(redis.set(key, JSON.stringify(card), 'EX', TTL_SECONDS));
	if (stored instanceof Error) return { card, hit: false, cacheError: stored };
	return { card, hit: false };
}

/** Called by the write path after any change to the customer's row has committed. */
export function invalidateCustomerCard({ redis }: PatternContext, customerId: number) {
	return redis.del(cardKey(customerId));
}
