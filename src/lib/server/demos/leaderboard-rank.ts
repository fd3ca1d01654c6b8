import { LEADERBOARD_KEY, rankOf } from '../patterns/leaderboard';
import { defineDemo, text } from './define';

export default defineDemo({
	id: 'leaderboard-rank',
	title: "A player's rank",
	button: 'Find rank',
	pattern: 'leaderboard',
	runs: 'rankOf',
	inputs: { player: text('Player', 20, 'ken') },
	async run(ctx, { player }) {
		const found = await rankOf(ctx, player);
		if (!found) {
			return {
				outcome: 'miss',
				result: { player, rank: null, why: `${player} is not on ${LEADERBOARD_KEY}` },
				summary: `${player} is not on the board`
			};
		}
		return {
			outcome: 'read',
			result: found,
			summary: `${player}: rank ${found.rank} of ${found.players}, ${found.score} points`
		};
	}
});
