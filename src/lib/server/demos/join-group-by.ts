import { readCitySummary } from '../patterns/join-group-by';
import { defineDemo } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'join-group-by',
	title: 'Revenue and customers per city',
	button: 'Read',
	pattern: 'join-group-by',
	runs: 'readCitySummary',
	inputs: {},
	async run(ctx) {
		const { cities, hit, cacheError } = await readCitySummary(ctx);
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: cities,
			summary: cacheError
				? `${cities.length} cities ${servedFromDatabase(cacheError)}`
				: `${cities.length} cities ${hit ? 'from Redis' : 'from 4 aggregate queries, cached'}`
		};
	}
});
