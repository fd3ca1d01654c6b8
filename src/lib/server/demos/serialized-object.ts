import { CUSTOMER_COUNT } from '../db/seed';
import { objectKey, readCustomerObject } from '../patterns/serialized-object';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'serialized-object',
	title: 'Cache an enriched customer object',
	button: 'Read',
	pattern: 'serialized-object',
	runs: 'readCustomerObject',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { object, hit, cacheError } = await readCustomerObject(ctx, customerId);
		if (!object) {
			const outcome = cacheError ? 'degraded' : 'miss';
			return { outcome, result: null, summary: `customer ${customerId}: not found` };
		}
		const { totalSpent, orderCount, recentPurchases, builtAt, ...customer } = object;
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: {
				key: objectKey(customerId),
				customer: [customer],
				totalSpent,
				orderCount,
				recentPurchases,
				builtAt
			},
			summary: `customer ${customerId}: ${cacheError ? servedFromDatabase(cacheError) : hit ? 'object from Redis' : 'built from 3 queries, cached'}`
		};
	}
});
