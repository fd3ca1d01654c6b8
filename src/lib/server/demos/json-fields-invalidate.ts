import { CUSTOMER_COUNT } from '../db/seed';
import { cardKey, invalidateCustomerCard } from '../patterns/json-fields';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'json-fields-invalidate',
	title: "Invalidate the customer's card",
	button: 'Invalidate',
	pattern: 'json-fields',
	runs: 'invalidateCustomerCard',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const deleted = await invalidateCustomerCard(ctx, customerId);
		return {
			outcome: 'invalidated',
			result: { key: cardKey(customerId), deleted },
			summary: `customer ${customerId}: ${deleted ? 'card deleted' : 'nothing was cached'}`
		};
	}
});
