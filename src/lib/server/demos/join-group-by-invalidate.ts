import { recordSaleAndInvalidate } from '../patterns/aggregates';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'join-group-by-invalidate',
	title: 'Record a sale, then invalidate the aggregates',
	button: 'Record a sale and invalidate',
	pattern: 'aggregates',
	inputs: {
		product: integer('Product', 1, 10, 10),
		'customer-id': integer('Customer', 1, 8, 6)
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
