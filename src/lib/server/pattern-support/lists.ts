import type { Redis } from 'ioredis';

/**
 * Moves every element of `from` to the head of `to`, keeping their order: the tail of `from`
 * goes first, so the oldest ends up first. One LMOVE per element, each atomic: an element is
 * always in one list or the other, even if this stops half way. Resolves to how many it moved.
 */
export async function moveAllBack(redis: Redis, from: string, to: string): Promise<number> {
	let moved = 0;
	while ((await redis.lmove(from, to, 'RIGHT', 'LEFT')) !== null) moved++;
	return moved;
}
