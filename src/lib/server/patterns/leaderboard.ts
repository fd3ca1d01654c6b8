import type { PatternContext } from '../pattern-support';
import { execAll, withScores } from '../pattern-support';

export const LEADERBOARD_KEY = 'leaderboard:game-scores';
export const TOP_N = 10;

export interface Ranked {
	rank: number;
	player: string;
	score: number;
}

/** Ranks count from `first` + 1: the rank of the reply's first member. */
const ranked = (reply: string[], first = 0): Ranked[] =>
	withScores(reply).map(({ member, score }, i) => ({
		rank: first + i + 1,
		player: member,
		score
	}));

/** Starts the board afresh with these scores: the old set and the new one swap in one MULTI. */
export async function replaceBoard({ redis }: PatternContext, scores: Record<string, number>) {
	const scored = Object.entries(scores).flatMap(([player, score]) => [score, player]);
	await execAll(
		redis
			.multi()
			.del(LEADERBOARD_KEY)
			.zadd(LEADERBOARD_KEY, ...scored)
	);
	return Object.keys(scores).length;
}

/** The top of the board, highest score first: O(log N + M) however many players there are. */
export async function top({ redis }: PatternContext, count = TOP_N) {
	return ranked(await redis.zrange(LEADERBOARD_KEY, 0, count - 1, 'REV', 'WITHSCORES'));
}

/**
 * A score goes up (or down, with a negative increment) in one atomic ZINCRBY: two games ending
 * at once both count, unlike a read, add and write back. The rank is read in the same MULTI, so
 * it is the rank of this very score.
 */
export async function addPoints({ redis }: PatternContext, player: string, increment: number) {
	const [score, rank] = await execAll(
		redis.multi().zincrby(LEADERBOARD_KEY, increment, player).zrevrank(LEADERBOARD_KEY, player)
	);
	return { player, score: Number(score), rank: Number(rank) + 1 };
}

/** A player's rank (1 is the best), score, and the players just above and below. */
export async function rankOf({ redis }: PatternContext, player: string) {
	const [rank, score, players] = await execAll(
		redis
			.multi()
			.zrevrank(LEADERBOARD_KEY, player)
			.zscore(LEADERBOARD_KEY, player)
			.zcard(LEADERBOARD_KEY)
	);
	if (rank === null) return null;
	const first = Math.max(0, Number(rank) - 2);
	const around = await redis.zrange(LEADERBOARD_KEY, first, Number(rank) + 2, 'REV', 'WITHSCORES');
	return {
		player,
		rank: Number(rank) + 1,
		score: Number(score),
		players: Number(players),
		around: ranked(around, first)
	};
}

export const clear = ({ redis }: PatternContext) => redis.del(LEADERBOARD_KEY);
