import { CUSTOMER_COUNT, PRODUCT_COUNT } from '../db/seed';
import { recordSaleAndInvalidate } from '../patterns/aggregate-query';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'aggregate-query-invalidate',
	title: 'Record a sale, then invalidate the aggregates',
	button: 'Record a sale and invalidate',
	pattern: 'aggregate-query',
	runs: 'recordSaleAndInvalidate',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 6),
		'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 1)
	},
	async run(ctx, { product, 'customer-id': customerId }) {
		const { keys, deleted } = await recordSaleAndInvalidate(ctx, product, customerId);
		return {
			outcome: 'invalidated',
			result: { sale: `1 × product ${product} to customer ${customerId}`, keys, deleted },
			summary: `sale of product ${product} recorded, ${deleted} aggregate key(s) deleted`
		};
	}
});
