import { SELECT_BUYERS, SELECT_CATEGORY, SELECT_PRODUCT, type Product } from '../db/products';
import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';
import { TOP_PRODUCTS_KEY } from './aggregate-query';
import { cacheKey, readThrough } from './cache-aside';
import { CITY_SUMMARY_KEY } from './join-group-by';
import { objectKey } from './serialized-object';

export const productKey = (id: number) => `product:${id}`;
export const categoryKey = (category: string) => `category:${category}`;

/** The product page: the product, then the rest of its category, each read through the cache. */
export async function readProductPage(ctx: PatternContext, id: number) {
	const product = await readThrough(ctx, productKey(id), async () => {
		const row = await ctx.db.get<Product>(SELECT_PRODUCT, id);
		if (!row) throw new Error(`There is no product ${id}.`);
		return row;
	});
	const { category } = product.value;
	const list = await readThrough(ctx, categoryKey(category), () =>
		ctx.db.all<Omit<Product, 'category'>>(SELECT_CATEGORY, category)
	);
	return { product, category: list };
}

export type ProductChange = 'price' | 'stock';

// RETURNING hands back the updated row, so the event carries the category without another query.
const UPDATE: Record<ProductChange, string> = {
	price:
		'UPDATE inventory SET price = price + 1 WHERE id = ? RETURNING id, name, category, price, stock',
	stock:
		'UPDATE inventory SET stock = stock + 1 WHERE id = ? RETURNING id, name, category, price, stock'
};

export interface Dependent {
	key: string;
	because: string;
}

/**
 * Every cached key that this change makes wrong. The list is the pattern: miss one and that key
 * serves the old value until its TTL runs out. A stock change leaves revenue alone; a price
 * change reaches every total built from it.
 */
export async function dependentsOf(
	{ db }: PatternContext,
	product: Product,
	change: ProductChange
): Promise<Dependent[]> {
	const dependents: Dependent[] = [
		{ key: productKey(product.id), because: 'the product itself' },
		{ key: categoryKey(product.category), because: `lists every ${product.category} product` },
		{ key: cacheKey('inventory'), because: 'the whole inventory table' }
	];
	if (change === 'stock') return dependents;
	const buyers = await db.all<{ id: number }>(SELECT_BUYERS, product.id);
	return [
		...dependents,
		{ key: cacheKey('sales'), because: 'the sales view shows the price' },
		{ key: TOP_PRODUCTS_KEY, because: 'revenue is price × quantity' },
		{ key: CITY_SUMMARY_KEY, because: 'revenue per city' },
		...buyers.map(({ id }) => ({
			key: objectKey(id),
			because: `customer ${id} bought it: their total spent`
		}))
	];
}

/**
 * The write and its event handler: update the row, and once the change is committed, delete
 * every dependent key. One DEL per key in one pipeline: a single round trip, and a reply per key
 * that says whether it was cached.
 */
export async function updateProduct(ctx: PatternContext, id: number, change: ProductChange) {
	const product = await ctx.db.get<Product>(UPDATE[change], id);
	if (!product) throw new Error(`There is no product ${id}.`);

	const dependents = await dependentsOf(ctx, product, change);
	const pipeline = ctx.redis.pipeline();
	for (const { key } of dependents) pipeline.del(key);
	const replies = await execAll(pipeline);
	const removed = dependents.map((dependent, i) => ({ ...dependent, removed: replies[i] === 1 }));
	return { product, removed };
}
