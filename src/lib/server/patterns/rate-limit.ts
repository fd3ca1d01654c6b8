import type { PatternContext } from '../pattern-support';
import { fixedWindow } from './fixed-window';
import { slidingCounter } from './sliding-counter';
import { slidingLog } from './sliding-log';
import { tokenBucket } from './token-bucket';

export const ALGORITHMS = [
	'fixed-window',
	'sliding-log',
	'sliding-counter',
	'token-bucket'
] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export { fixedWindow, slidingCounter, slidingLog, tokenBucket };

/** What every algorithm answers for one request. */
export interface RateLimitVerdict {
	allowed: boolean;
	limit: number;
	remaining: number;
	/**
	 * When the quota grows again, in ms from now: the end of the fixed window, the oldest logged
	 * request leaving the log, the end of the counter's window; for the token bucket, the time
	 * until it is full again when allowed, and until the next token when refused.
	 */
	resetMs: number;
}

export const rateLimitKey = (algorithm: Algorithm, user: string) => `rate:${algorithm}:${user}`;

/**
 * One request of `user`, limited to `limit` per `windowSeconds` by the chosen algorithm. `nowMs`
 * is this server's clock; with several app servers, keep their clocks in sync (NTP). The fixed
 * window needs no clock: its window is the counter's TTL, kept by Redis.
 */
export function limitRequest(
	ctx: PatternContext,
	algorithm: Algorithm,
	user: string,
	limit: number,
	windowSeconds: number,
	nowMs = ctx.clock.now()
): Promise<RateLimitVerdict> {
	const key = rateLimitKey(algorithm, user);
	switch (algorithm) {
		case 'fixed-window':
			return fixedWindow(ctx, key, limit, windowSeconds);
		case 'sliding-log':
			return slidingLog(ctx, key, limit, windowSeconds, nowMs);
		case 'sliding-counter':
			return slidingCounter(ctx, key, limit, windowSeconds, nowMs);
		case 'token-bucket':
			return tokenBucket(ctx, key, limit, windowSeconds, nowMs);
	}
}

/**
 * The verdict as HTTP response headers, as revision 06 of the IETF RateLimit header fields draft
 * names them (revision 07 merged them into one RateLimit field): the quota, what is left of it,
 * and the seconds until it grows again. A refused request also gets Retry-After.
 */
export function rateLimitHeaders(
	verdict: RateLimitVerdict,
	windowSeconds: number
): Record<string, string> {
	const resetSeconds = Math.max(0, Math.ceil(verdict.resetMs / 1000));
	return {
		'RateLimit-Policy': `${verdict.limit};w=${windowSeconds}`,
		'RateLimit-Limit': String(verdict.limit),
		'RateLimit-Remaining': String(verdict.remaining),
		'RateLimit-Reset': String(resetSeconds),
		...(verdict.allowed ? {} : { 'Retry-After': String(Math.max(1, resetSeconds)) })
	};
}
