import { CUSTOMER_COUNT } from '../db/seed';
import { invalidateCustomerObject, objectKey } from '../patterns/serialized-object';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'serialized-object-invalidate',
	title: "Invalidate the customer's object",
	button: 'Invalidate',
	pattern: 'serialized-object',
	runs: 'invalidateCustomerObject',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const deleted = await invalidateCustomerObject(ctx, customerId);
		return {
			outcome: 'invalidated',
			result: { key: objectKey(customerId), deleted },
			summary: `customer ${customerId}: ${deleted ? 'object deleted' : 'nothing was cached'}`
		};
	}
});
