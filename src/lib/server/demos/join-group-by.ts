import { readCitySummary } from '../patterns/join-group-by';
import { defineDemo } from './define';

export default defineDemo({
	id: 'join-group-by',
	title: 'Revenue and customers per city',
	button: 'Read',
	pattern: 'join-group-by',
	runs: 'readCitySummary',
	inputs: {},
	async run(ctx) {
		const { cities, hit } = await readCitySummary(ctx);
		return {
			outcome: hit ? 'hit' : 'miss',
			result: cities,
			summary: `${cities.length} cities ${hit ? 'from Redis' : 'from 4 aggregate queries, cached'}`
		};
	}
});
