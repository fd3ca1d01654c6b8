import { addPoints, top } from '../patterns/leaderboard';
import { defineDemo, integer, text } from './define';

export default defineDemo({
	id: 'leaderboard-incr',
	title: 'Add points to a player',
	button: 'Add points',
	pattern: 'leaderboard',
	runs: 'addPoints',
	inputs: {
		player: text('Player', 20, 'ken'),
		increment: integer('Increment', -10000, 10000, 1000)
	},
	async run(ctx, { player, increment }) {
		const { score, rank } = await addPoints(ctx, player, increment);
		return {
			outcome: 'write',
			result: { player, increment, score, rank, top: await top(ctx) },
			summary: `${player} ${increment >= 0 ? '+' : ''}${increment}: ${score} points, rank ${rank}`
		};
	}
});
