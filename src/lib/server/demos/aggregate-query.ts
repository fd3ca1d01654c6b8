import { readTopProducts } from '../patterns/aggregate-query';
import { defineDemo } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'aggregate-query',
	title: 'Top products by revenue',
	button: 'Read',
	pattern: 'aggregate-query',
	runs: 'readTopProducts',
	inputs: {},
	async run(ctx) {
		const { top, hit, cacheError } = await readTopProducts(ctx);
		return {
			outcome: cacheError ? 'degraded' : hit ? 'hit' : 'miss',
			result: top,
			summary: cacheError
				? `top ${top.length} products ${servedFromDatabase(cacheError)}`
				: `top ${top.length} products ${hit ? 'from the sorted set' : 'from GROUP BY, cached'}`
		};
	}
});
