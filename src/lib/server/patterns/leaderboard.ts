import type { ChainableCommander } from 'ioredis';
import type { PatternContext } from '../pattern-support';

export const LEADERBOARD_KEY = 'leaderboard:game-scores';
export const TOP_N = 10;

/** Ten players and their starting scores, the same for every learner. */
export const SEED_SCORES: Record<string, number> = {
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

export interface Ranked {
	rank: number;
	player: string;
	score: number;
}

/** WITHSCORES replies member, score, member, score, ...; ranks count from `first` + 1. */
function ranked(reply: string[], first = 0): Ranked[] {
	const rows: Ranked[] = [];
	for (let i = 0; i < reply.length; i += 2) {
		rows.push({ rank: first + i / 2 + 1, player: reply[i]!, score: Number(reply[i + 1]) });
	}
	return rows;
}

async function exec(multi: ChainableCommander) {
	const replies = (await multi.exec()) ?? [];
	const failed = replies.find(([error]) => error);
	if (failed) throw failed[0];
	return replies.map(([, reply]) => reply);
}

/** Starts the board afresh: the old set and the new scores swap in one MULTI. */
export async function seed({ redis }: PatternContext) {
	const scored = Object.entries(SEED_SCORES).flatMap(([player, score]) => [score, player]);
	await exec(
		redis
			.multi()
			.del(LEADERBOARD_KEY)
			.zadd(LEADERBOARD_KEY, ...scored)
	);
	return Object.keys(SEED_SCORES).length;
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
	const [score, rank] = await exec(
		redis.multi().zincrby(LEADERBOARD_KEY, increment, player).zrevrank(LEADERBOARD_KEY, player)
	);
	return { player, score: Number(score), rank: Number(rank) + 1 };
}

/** A player's rank (1 is the best), score, and the players just above and below. */
export async function rankOf({ redis }: PatternContext, player: string) {
	const [rank, score, players] = await exec(
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
