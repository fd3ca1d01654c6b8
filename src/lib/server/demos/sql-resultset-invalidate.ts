import { CUSTOMER_COUNT } from '../db/seed';
import { invalidateCustomerOrders } from '../patterns/sql-resultset';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'sql-resultset-invalidate',
	title: "Invalidate the customer's cached orders",
	button: 'Invalidate',
	pattern: 'sql-resultset',
	runs: 'invalidateCustomerOrders',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { key, deleted } = await invalidateCustomerOrders(ctx, customerId);
		return {
			outcome: 'invalidated',
			result: { key, deleted },
			summary: `customer ${customerId}: ${deleted ? 'cached result set deleted' : 'nothing was cached'}`
		};
	}
});
