import { LEADERBOARD_KEY, replaceBoard, top } from '../patterns/leaderboard';
import { defineDemo } from './define';

/** Ten players and their starting scores, the same for every learner. */
const SEED_SCORES: Record<string, number> = {
	ada: 4120,
	grace: 3870,
	linus: 3510,
	margaret: 3345,
	alan: 2980,
	barbara: 2710,
	dennis: 2455,
	radia: 2190,
	edsger: 1875,
	ken: 1520
};

export default defineDemo({
	id: 'leaderboard-seed',
	title: 'Seed the board with 10 players',
	button: 'Seed',
	pattern: 'leaderboard',
	runs: 'replaceBoard',
	inputs: {},
	async run(ctx) {
		const players = await replaceBoard(ctx, SEED_SCORES);
		return {
			outcome: 'write',
			result: await top(ctx),
			summary: `${LEADERBOARD_KEY}: ${players} players seeded`
		};
	}
});
