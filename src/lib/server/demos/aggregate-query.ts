import { readTopProducts } from '../patterns/aggregate-query';
import { defineDemo } from './define';

export default defineDemo({
	id: 'aggregate-query',
	title: 'Top products by revenue',
	button: 'Read',
	pattern: 'aggregate-query',
	runs: 'readTopProducts',
	inputs: {},
	async run(ctx) {
		const { top, hit } = await readTopProducts(ctx);
		return {
			outcome: hit ? 'hit' : 'miss',
			result: top,
			summary: `top ${top.length} products ${hit ? 'from the sorted set' : 'from GROUP BY, cached'}`
		};
	}
});
