import type { PatternContext } from '../../pattern-support';

/**
 * Frees the lock at `key` if it still holds this worker's `token`: true if it did and the lock
 * is now free, false if the lock was not ours.
 */
export async function releaseLock({ redis }: PatternContext, key: string, token: string) {
	if ((await redis.get(key)) !== token) return false;
	return (await redis.del(key)) === 1;
}
