import { LEADERBOARD_KEY, TOP_N, top } from '../patterns/leaderboard';
import { defineDemo } from './define';

export default defineDemo({
	id: 'leaderboard-view',
	title: 'The top 10',
	button: 'View top 10',
	pattern: 'leaderboard',
	runs: 'top',
	inputs: {},
	async run(ctx) {
		const rows = await top(ctx, TOP_N);
		if (!rows.length) {
			return {
				outcome: 'miss',
				result: { players: 0, why: `${LEADERBOARD_KEY} does not exist: seed it first` },
				summary: `${LEADERBOARD_KEY} is empty`
			};
		}
		return {
			outcome: 'read',
			result: rows,
			summary: `top ${rows.length}: ${rows[0]!.player} leads with ${rows[0]!.score}`
		};
	}
});
