import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';
import type { RateLimitVerdict } from './rate-limit';

/**
 * Fixed-window rate limit: one counter per window. INCR and EXPIRE go in one MULTI, and
 * EXPIRE ... NX only sets the expiry on the window's first request, so a crash between the two
 * can never leave a counter without a TTL (the INCR-then-EXPIRE race of the classic recipe).
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
