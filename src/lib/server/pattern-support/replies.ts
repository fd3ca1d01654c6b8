import type { ChainableCommander } from 'ioredis';

/**
 * Sends a MULTI or a pipeline and returns its replies. ioredis reports an error of one command
 * inside the reply list, not by rejecting: this throws the first one, so a failure is never
 * taken for success. A MULTI aborted by WATCH resolves to null, which throws too.
 */
export async function execAll(batch: ChainableCommander): Promise<unknown[]> {
	const replies = await batch.exec();
	if (!replies) throw new Error('the transaction was aborted (a watched key changed)');
	const failed = replies.find(([error]) => error);
	if (failed) throw failed[0];
	return replies.map(([, reply]) => reply);
}

/** A WITHSCORES reply (member, score, member, score, ...) as pairs. */
export function withScores(reply: readonly string[]): { member: string; score: number }[] {
	const pairs: { member: string; score: number }[] = [];
	for (let i = 0; i + 1 < reply.length; i += 2) {
		pairs.push({ member: reply[i]!, score: Number(reply[i + 1]) });
	}
	return pairs;
}
