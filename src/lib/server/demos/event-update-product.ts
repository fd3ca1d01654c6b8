import { PRODUCT_COUNT } from '../db/seed';
import {
	categoryKey,
	productKey,
	readProductPage,
	updateProduct
} from '../patterns/event-invalidation';
import { choice, defineDemo, integer } from './define';

const ACTIONS = ['read', 'update-price', 'update-stock'] as const;

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
			return {
				outcome: hit ? 'hit' : 'miss',
				result: {
					cache: [
						{ key: productKey(id), read: product.hit ? 'hit' : 'miss' },
						{ key: categoryKey(product.value.category), read: category.hit ? 'hit' : 'miss' }
					],
					product: [product.value],
					[`category ${product.value.category}`]: category.value
				},
				summary: `product page ${id}: product ${product.hit ? 'hit' : 'miss'}, category ${category.hit ? 'hit' : 'miss'}`
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
