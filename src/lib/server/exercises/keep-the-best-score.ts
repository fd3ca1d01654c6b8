import { scoreIs } from './checks';
import { defineExercise } from './define';

const KEY = 'board:best-games';

export default defineExercise({
	id: 'keep-the-best-score',
	title: "Keep each player's best game",
	task: "Record lin's three games on the best-games board `board:best-games`, in this order: 400, 520, 350. The board keeps each player's best, so lin must end on 520, not on her last game.",
	hint: 'A plain `ZADD` replaces the score with the last one; `ZADD board:best-games GT <score> lin` only ever raises it, and still adds a player who is not on the board yet.',
	solution: [
		`DEL ${KEY}`,
		`ZADD ${KEY} GT 400 lin`,
		`ZADD ${KEY} GT 520 lin`,
		`ZADD ${KEY} GT 350 lin`
	],
	check: async (redis) => [await scoreIs(redis, KEY, 'lin', 520)]
});
