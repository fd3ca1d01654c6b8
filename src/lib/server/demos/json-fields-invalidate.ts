import { cardKey, invalidateCustomerCard } from '../patterns/json-fields';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'json-fields-invalidate',
	title: "Invalidate the customer's card",
	button: 'Invalidate',
	pattern: 'json-fields',
	inputs: { 'customer-id': integer('Customer', 1, 8, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const deleted = await invalidateCustomerCard(ctx, customerId);
		return {
			outcome: 'invalidated',
			result: { key: cardKey(customerId), deleted },
			summary: `customer ${customerId}: ${deleted ? 'card deleted' : 'nothing was cached'}`
		};
	}
});
