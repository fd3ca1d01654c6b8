import { SELECT_PRODUCT, type Product } from '../db/products';
import type { PatternContext } from '../pattern-support';
import { productKey } from './event-invalidation';

/** Every app server subscribes here; a write publishes the key it changed. */
export const CHANNEL = 'cache:invalidate';
export const REDIS_TTL_SECONDS = 60;
/** In-process copies expire too: the bound on staleness when a message is lost. */
export const LOCAL_TTL_MS = 60_000;

/** One app server's own memory: faster than Redis, and invisible to every other server. */
export type LocalCache = Map<string, { value: Product; expiresAt: number }>;

export type Source = 'memory' | 'redis' | 'database';

/** A read on one app server: its own memory first, then Redis, then the database. */
export async function readOnServer(
	{ redis, db, clock }: PatternContext,
	local: LocalCache,
	id: number
): Promise<{ value: Product; from: Source }> {
	const key = productKey(id);
	const copy = local.get(key);
	if (copy && copy.expiresAt > clock.now()) return { value: copy.value, from: 'memory' };

	let value: Product;
	let from: Source;
	const cached = await redis.get(key);
	if (cached !== null) {
		value = JSON.parse(cached) as Product;
		from = 'redis';
	} else {
		const row = await db.get<Product>(SELECT_PRODUCT, id);
		if (!row) throw new Error(`There is no product ${id}.`);
		await redis.set(key, JSON.stringify(row), 'EX', REDIS_TTL_SECONDS);
		value = row;
		from = 'database';
	}
	local.set(key, { value, expiresAt: clock.now() + LOCAL_TTL_MS });
	return { value, from };
}

/**
 * The write, on the server that handles it: the database, then the shared copy in Redis, then its
 * own copy. The other servers' copies are out of its reach: they need a message.
 */
export async function updateStock({ redis, db }: PatternContext, local: LocalCache, id: number) {
	const value = await db.get<Product>(
		'UPDATE inventory SET stock = stock + 1 WHERE id = ? RETURNING id, name, category, price, stock',
		id
	);
	if (!value) throw new Error(`There is no product ${id}.`);
	await redis.del(productKey(id));
	local.delete(productKey(id));
	return value;
}

/** Tells every server to drop its copy. Resolves to how many subscribers Redis delivered it to. */
export function publishInvalidation(
	{ redis }: PatternContext,
	key: string,
	from: string,
	messageId: string
): Promise<number> {
	return redis.publish(CHANNEL, JSON.stringify({ key, from, id: messageId }));
}

/** What every server runs for each message on the channel: forget its own copy of the key. */
export function onInvalidation(local: LocalCache, message: string): boolean {
	const { key } = JSON.parse(message) as { key?: unknown };
	return typeof key === 'string' && local.delete(key);
}
