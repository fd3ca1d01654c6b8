import { CUSTOMER_COUNT } from '../db/seed';
import { hashKey, invalidateCustomerHash } from '../patterns/redis-hash';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'redis-hash-invalidate',
	title: "Invalidate the customer's hash",
	button: 'Invalidate',
	pattern: 'redis-hash',
	runs: 'invalidateCustomerHash',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const deleted = await invalidateCustomerHash(ctx, customerId);
		return {
			outcome: 'invalidated',
			result: { key: hashKey(customerId), deleted },
			summary: `customer ${customerId}: ${deleted ? 'hash deleted' : 'nothing was cached'}`
		};
	}
});
