import { CUSTOMER_COUNT } from '../db/seed';
import { hashKey, readCustomerHash } from '../patterns/redis-hash';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'redis-hash',
	title: 'Cache the customer as a hash',
	button: 'Read',
	pattern: 'redis-hash',
	runs: 'readCustomerHash',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { card, hit, cacheError } = await readCustomerHash(ctx, customerId);
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: { key: hashKey(customerId), fields: card ? [card] : [] },
			summary: `customer ${customerId}: ${cacheError ? servedFromDatabase(cacheError) : hit ? 'hash from Redis' : 'row from SQLite, hash written'}`
		};
	}
});
