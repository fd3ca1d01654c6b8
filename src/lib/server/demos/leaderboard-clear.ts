import { LEADERBOARD_KEY, clear } from '../patterns/leaderboard';
import { defineDemo } from './define';

export default defineDemo({
	id: 'leaderboard-clear',
	title: 'Clear the board',
	button: 'Clear',
	pattern: 'leaderboard',
	runs: 'clear',
	inputs: {},
	async run(ctx) {
		const deleted = await clear(ctx);
		return {
			outcome: 'invalidated',
			result: { deleted: LEADERBOARD_KEY, existed: deleted === 1 },
			summary: deleted ? `${LEADERBOARD_KEY} deleted` : `${LEADERBOARD_KEY} did not exist`
		};
	}
});
