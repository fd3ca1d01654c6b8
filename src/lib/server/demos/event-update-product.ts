import { PRODUCT_COUNT } from '../db/seed';
import type { CachedRead } from '../patterns/cache-aside';
import {
	categoryKey,
	productKey,
	readProductPage,
	updateProduct
} from '../patterns/event-invalidation';
import { choice, defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

const ACTIONS = ['read', 'update-price', 'update-stock'] as const;

const readOf = ({ hit, cacheError }: CachedRead<unknown>) =>
	cacheError ? 'failed: from the database' : hit ? 'hit' : 'miss';

export default defineDemo({
	id: 'event-update-product',
	title: 'Update a product, invalidate everything that depends on it',
	button: 'Run',
	pattern: 'event-invalidation',
	runs: 'updateProduct',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 1),
		action: choice('Action', ACTIONS, 'read')
	},
	async run(ctx, { product: id, action }) {
		if (action === 'read') {
			const { product, category } = await readProductPage(ctx, id);
			const hit = product.hit && category.hit;
			const cacheError = product.cacheError ?? category.cacheError;
			return {
				outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
				result: {
					cache: [
						{ key: productKey(id), read: readOf(product) },
						{ key: categoryKey(product.value.category), read: readOf(category) }
					],
					product: [product.value],
					[`category ${product.value.category}`]: category.value
				},
				summary: cacheError
					? `product page ${id}: ${servedFromDatabase(cacheError)}`
					: `product page ${id}: product ${product.hit ? 'hit' : 'miss'}, category ${category.hit ? 'hit' : 'miss'}`
			};
		}
		const change = action === 'update-price' ? 'price' : 'stock';
		const { product, removed } = await updateProduct(ctx, id, change);
		const count = removed.filter((dependent) => dependent.removed).length;
		return {
			outcome: 'invalidated',
			result: {
				product: [product],
				dependents: removed.map(({ key, because, removed }) => ({
					key,
					because,
					removed: removed ? 'yes' : 'no (not cached)'
				}))
			},
			summary: `${change} of product ${id} changed: ${removed.length} dependent keys, ${count} were cached and removed`
		};
	}
});
