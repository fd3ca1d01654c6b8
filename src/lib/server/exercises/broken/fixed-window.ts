import type { PatternContext } from '../../pattern-support';
import type { RateLimitVerdict } from '../../patterns/rate-limit';

/**
 * Fixed-window rate limit: one counter per window. The first request of a window creates the
 * counter and gives it the window's length as its TTL; when it expires, a new window starts.
 */
export async function fixedWindow(
	{ redis }: Pick<PatternContext, 'redis'>,
	key: string,
	limit: number,
	windowSeconds: number
): Promise<RateLimitVerdict> {
	const count = await redis.incr(key);
	if (count === 1) await redis.expire(key, windowSeconds);
	const ttlMs = await redis.pttl(key);
	return {
		allowed: count <= limit,
		limit,
		remaining: Math.max(0, limit - count),
		resetMs: ttlMs > 0 ? ttlMs : windowSeconds * 1000
	};
}
