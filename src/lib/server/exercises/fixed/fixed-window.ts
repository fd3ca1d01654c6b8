import type { PatternContext } from '../../pattern-support';
import { execAll } from '../../pattern-support';
import type { RateLimitVerdict } from '../../patterns/rate-limit';

/**
 * Fixed-window rate limit, as the course's (patterns/fixed-window.ts): one counter per window.
 * INCR and EXPIRE go in one MULTI, and EXPIRE ... NX only sets the expiry on the window's first
 * request, so a crash between the two can never leave a counter without a TTL.
 */
export async function fixedWindow(
	{ redis }: Pick<PatternContext, 'redis'>,
	key: string,
	limit: number,
	windowSeconds: number
): Promise<RateLimitVerdict> {
	const [count, , ttlMs] = (await execAll(
		redis.multi().incr(key).expire(key, windowSeconds, 'NX').pttl(key)
	)) as [number, number, number];
	return {
		allowed: count <= limit,
		limit,
		remaining: Math.max(0, limit - count),
		resetMs: ttlMs > 0 ? ttlMs : windowSeconds * 1000
	};
}
