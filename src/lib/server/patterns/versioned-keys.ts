import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';

/**
 * The version of the cached values' shape is part of every key. A release that changes the shape
 * bumps it, so old and new servers, running side by side during the deploy, never read each
 * other's values.
 */
export const VERSIONS = ['v1', 'v2'] as const;
export type Version = (typeof VERSIONS)[number];
export const CURRENT_VERSION: Version = 'v2';

export const TTL_SECONDS = 3600;

export const versionedKey = (version: Version, name: string) => `${version}:${name}`;

interface ProductRow {
	id: number;
	name: string;
	category: string;
	price: number;
}
interface CustomerRow {
	id: number;
	name: string;
	city: string;
	tier: string;
}

/** The schema change: v2 stores prices in cents and adds the category and the tier. */
const SHAPE = {
	v1: {
		product: ({ id, name, price }: ProductRow) => ({ id, name, price }),
		customer: ({ id, name, city }: CustomerRow) => ({ id, name, city })
	},
	v2: {
		product: ({ id, name, category, price }: ProductRow) => ({
			id,
			name,
			category,
			priceCents: Math.round(price * 100)
		}),
		customer: ({ id, name, city, tier }: CustomerRow) => ({ id, name, city, tier })
	}
} satisfies Record<Version, unknown>;

/** What one release caches: every product and customer, in its own shape, under its version. */
export async function cacheAll({ redis, db }: PatternContext, version: Version) {
	const products = await db.all<ProductRow>('SELECT id, name, category, price FROM inventory');
	const customers = await db.all<CustomerRow>('SELECT id, name, city, tier FROM customers');
	const entries = [
		...products.map((p) => [`product:${p.id}`, SHAPE[version].product(p)] as const),
		...customers.map((c) => [`customer:${c.id}`, SHAPE[version].customer(c)] as const)
	];
	const pipeline = redis.pipeline();
	for (const [name, value] of entries) {
		pipeline.set(versionedKey(version, name), JSON.stringify(value), 'EX', TTL_SECONDS);
	}
	await execAll(pipeline);
	return entries.map(([name]) => versionedKey(version, name));
}

export interface ScanBatch {
	/** The cursor SCAN returned: 0 when the walk is over. */
	cursor: string;
	found: string[];
	removed: number;
}

/**
 * Removes every key of an old version. SCAN walks the keyspace a little at a time (COUNT is a
 * hint of how much per call), so the server keeps serving between batches; KEYS would walk it all
 * in one blocking O(N) call. Each batch goes in one UNLINK, which frees memory off the main thread.
 * SCAN walks one server: on a Cluster, run this against each primary.
 */
export async function removeVersion(
	{ redis }: PatternContext,
	version: Version,
	count: number
): Promise<ScanBatch[]> {
	const batches: ScanBatch[] = [];
	let cursor = '0';
	do {
		const [next, found] = await redis.scan(cursor, 'MATCH', `${version}:*`, 'COUNT', count);
		const removed = found.length ? await redis.unlink(...found) : 0;
		batches.push({ cursor: next, found, removed });
		cursor = next;
	} while (cursor !== '0');
	return batches;
}
