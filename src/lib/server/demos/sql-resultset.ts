import { CUSTOMER_COUNT } from '../db/seed';
import { readCustomerOrders } from '../patterns/sql-resultset';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'sql-resultset',
	title: "Cache a query's whole result set",
	button: 'Read',
	pattern: 'sql-resultset',
	runs: 'cachedQuery',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { key, rows, hit, cacheError } = await readCustomerOrders(ctx, customerId);
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: {
				key,
				'key decoded': Buffer.from(key.slice('sql:'.length), 'base64').toString(),
				rows
			},
			summary: cacheError
				? `customer ${customerId}: ${rows.length} orders ${servedFromDatabase(cacheError)}`
				: `customer ${customerId}: ${rows.length} orders ${hit ? 'from Redis' : 'from SQLite, cached'}`
		};
	}
});
