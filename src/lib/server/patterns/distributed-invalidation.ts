import { SELECT_PRODUCT, type Product } from '../db/products';
import type { PatternContext } from '../pattern-support';
import { productKey } from './event-invalidation';

/** Every app server subscribes here; a write publishes the key it changed. */
export const CHANNEL = 'cache:invalidate';
export const REDIS_TTL_SECONDS = 60;
/** In-process copies expire too: the bound on staleness when a message is lost. */
export const LOCAL_TTL_MS = 60_000;

/** One app server's own memory: faster than Redis, and invisible to every other server. */
export interface LocalCache {
	copies: Map<string, { value: Product; expiresAt: number }>;
	/** How many invalidations of each key this server has seen: the version a read starts from. */
	invalidations: Map<string, number>;
}

export const newLocalCache = (): LocalCache => ({ copies: new Map(), invalidations: new Map() });

export type Source = 'memory' | 'redis' | 'database';

const versionOf = (local: LocalCache, key: string) => local.invalidations.get(key) ?? 0;

/** The shared tiers, as cache-aside reads them: Redis, then the database (and fill Redis). */
export async function readShared(
	{ redis, db }: PatternContext,
	id: number
): Promise<{ value: Product; from: Source }> {
	const key = productKey(id);
	const cached = await redis.get(key);
	if (cached !== null) return { value: JSON.parse(cached) as Product, from: 'redis' };
	const row = await db.get<Product>(SELECT_PRODUCT, id);
	if (!row) throw new Error(`There is no product ${id}.`);
	await redis.set(key, JSON.stringify(row), 'EX', REDIS_TTL_SECONDS);
	return { value: row, from: 'database' };
}

/**
 * Keeps a local copy only if no invalidation of the key arrived since the read began (`version`):
 * a value read before the writer's DEL may be the old one, and caching it would outlive the
 * message that was meant to remove it. Resolves to whether it kept the copy.
 */
export function keepLocally(
	{ clock }: PatternContext,
	local: LocalCache,
	key: string,
	value: Product,
	version: number
): boolean {
	if (versionOf(local, key) !== version) return false;
	local.copies.set(key, { value, expiresAt: clock.now() + LOCAL_TTL_MS });
	return true;
}

/** A read on one app server: its own memory first, then Redis, then the database. */
export async function readOnServer(ctx: PatternContext, local: LocalCache, id: number) {
	const key = productKey(id);
	const copy = local.copies.get(key);
	if (copy && copy.expiresAt > ctx.clock.now())
		return { value: copy.value, from: 'memory' as const };
	const version = versionOf(local, key); // before the first await: a message may come during it
	const { value, from } = await readShared(ctx, id);
	const kept = keepLocally(ctx, local, key, value, version);
	return { value, from, kept };
}

/** Forgets a key on this server and counts the invalidation. Resolves to whether it had a copy. */
export function forget(local: LocalCache, key: string): boolean {
	local.invalidations.set(key, versionOf(local, key) + 1);
	return local.copies.delete(key);
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
	forget(local, productKey(id));
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
	let key: unknown;
	try {
		({ key } = JSON.parse(message) as { key?: unknown });
	} catch {
		return false; // not one of ours
	}
	return typeof key === 'string' && forget(local, key);
}
