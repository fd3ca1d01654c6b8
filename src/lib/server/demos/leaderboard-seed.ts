import { LEADERBOARD_KEY, seed, top } from '../patterns/leaderboard';
import { defineDemo } from './define';

export default defineDemo({
	id: 'leaderboard-seed',
	title: 'Seed the board with 10 players',
	button: 'Seed',
	pattern: 'leaderboard',
	inputs: {},
	async run(ctx) {
		const players = await seed(ctx);
		return {
			outcome: 'write',
			result: await top(ctx),
			summary: `${LEADERBOARD_KEY}: ${players} players seeded`
		};
	}
});
