import { CUSTOMER_COUNT } from '../db/seed';
import { CARD_FIELDS, cardKey, readCustomerCard } from '../patterns/json-fields';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'json-fields',
	title: 'Cache the chosen fields as JSON',
	button: 'Read',
	pattern: 'json-fields',
	runs: 'readCustomerCard',
	inputs: { 'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4) },
	async run(ctx, { 'customer-id': customerId }) {
		const { card, hit, cacheError } = await readCustomerCard(ctx, customerId);
		const json = JSON.stringify(card);
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: {
				key: cardKey(customerId),
				card: card ? [card] : [],
				'fields kept': CARD_FIELDS.join(', '),
				'fields left in SQLite': 'email, joined',
				'stored bytes': Buffer.byteLength(json)
			},
			summary: `customer ${customerId}: ${cacheError ? servedFromDatabase(cacheError) : hit ? 'card from Redis' : 'card from SQLite, cached'}`
		};
	}
});
