import type { PatternContext } from './context';

export interface RateLimitVerdict {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** When the current window ends, in ms from now. */
	resetMs: number;
}

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
	const results = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').pttl(key).exec();
	const count = Number(results?.[0]?.[1] ?? 0);
	const ttlMs = Number(results?.[2]?.[1] ?? windowSeconds * 1000);
	return {
		allowed: count <= limit,
		limit,
		remaining: Math.max(0, limit - count),
		resetMs: ttlMs > 0 ? ttlMs : windowSeconds * 1000
	};
}
