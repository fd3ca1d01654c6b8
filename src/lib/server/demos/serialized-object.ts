import { CUSTOMER_COUNT } from '../db/seed';
import { objectKey, readCustomerObject } from '../patterns/serialized-object';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'serialized-object',
	title: 'Cache an enriched customer object',
	button: 'Read',
	pattern: 'serialized-object',
	runs: 'readCustomerObject',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { object, hit } = await readCustomerObject(ctx, customerId);
		if (!object) {
			return { outcome: 'miss', result: null, summary: `customer ${customerId}: not found` };
		}
		const { totalSpent, orderCount, recentPurchases, builtAt, ...customer } = object;
		return {
			outcome: hit ? 'hit' : 'miss',
			result: {
				key: objectKey(customerId),
				customer: [customer],
				totalSpent,
				orderCount,
				recentPurchases,
				builtAt
			},
			summary: `customer ${customerId}: ${hit ? 'object from Redis' : 'built from 3 queries, cached'}`
		};
	}
});
