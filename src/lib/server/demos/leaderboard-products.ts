import { BEST_SELLERS_KEY, bestSellers } from '../patterns/best-sellers';
import { defineDemo } from './define';

export default defineDemo({
	id: 'leaderboard-products',
	title: 'Best-selling products, ranked from the sales table',
	button: 'Show best sellers',
	pattern: 'best-sellers',
	runs: 'bestSellers',
	inputs: {},
	async run(ctx) {
		const { top, built } = await bestSellers(ctx);
		return {
			outcome: built ? 'miss' : 'hit',
			result: top,
			summary: built
				? `${BEST_SELLERS_KEY} built from one GROUP BY over the sales table`
				: `${BEST_SELLERS_KEY}: read from Redis, no SQL`
		};
	}
});
