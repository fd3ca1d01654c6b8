import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';

export const ALGORITHMS = [
	'fixed-window',
	'sliding-log',
	'sliding-counter',
	'token-bucket'
] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface RateLimitVerdict {
	allowed: boolean;
	limit: number;
	remaining: number;
	/**
	 * When the quota grows again, in ms from now: the end of the fixed window, the oldest logged
	 * request leaving the log, the end of the counter's window, the next token.
	 */
	resetMs: number;
}

type Ctx = Pick<PatternContext, 'redis'>;

export const rateLimitKey = (algorithm: Algorithm, user: string) => `rate:${algorithm}:${user}`;

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

/**
 * Sliding log: a sorted set of the times of the requests allowed in the last window. Drop the
 * old ones, count, add this one if there is room: three steps that must not interleave with
 * another request's, so they run as one script. Refused requests are not logged, or a client
 * that keeps retrying would never get through.
 */
const SLIDING_LOG = defineScript(`
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
return {allowed, count, reset}
`);

export async function slidingLog(
	{ redis }: Ctx,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs = Date.now()
): Promise<RateLimitVerdict> {
	// Two requests in the same millisecond are two members: the score is the time, the name unique.
	const member = `${nowMs}-${randomBytes(4).toString('hex')}`;
	const [allowed, count, resetMs] = (await runScript(
		redis,
		SLIDING_LOG,
		[key],
		[limit, windowSeconds * 1000, nowMs, member]
	)) as number[];
	return { allowed: allowed === 1, limit, remaining: limit - count!, resetMs: resetMs! };
}

/**
 * Sliding window counter: two fixed-window counters, this window's and the previous one's. The
 * previous count is weighted by how much of it the sliding window still covers, which assumes
 * its requests were spread evenly: an estimate, in two small keys however busy the user is.
 */
const SLIDING_COUNTER = defineScript(`
local limit, window, elapsed = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local estimate = previous * (window - elapsed) / window + current
if estimate + 1 > limit then return {0, math.ceil(estimate)} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], 2 * window) end
return {1, math.ceil(estimate + 1)}
`);

export async function slidingCounter(
	{ redis }: Ctx,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs = Date.now()
): Promise<RateLimitVerdict> {
	const windowMs = windowSeconds * 1000;
	const index = Math.floor(nowMs / windowMs);
	const elapsedMs = nowMs - index * windowMs;
	const [allowed, used] = (await runScript(
		redis,
		SLIDING_COUNTER,
		[`${key}:${index}`, `${key}:${index - 1}`],
		[limit, windowMs, elapsedMs]
	)) as number[];
	return {
		allowed: allowed === 1,
		limit,
		remaining: Math.max(0, limit - used!),
		resetMs: windowMs - elapsedMs
	};
}

/**
 * Token bucket: `limit` tokens at most, refilled at `limit` per window; a request takes one.
 * Nothing ticks in the background: each request adds what has dripped in since the last one.
 * A full bucket and no bucket mean the same, so the key expires once it would be full again.
 */
const TOKEN_BUCKET = defineScript(`
local capacity, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at_ms')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / window)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
local full_in = math.ceil((capacity - tokens) * window / capacity)
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at_ms', math.max(at, now))
redis.call('PEXPIRE', KEYS[1], full_in)
if allowed == 1 then return {1, math.floor(tokens), full_in} end
return {0, 0, math.ceil((1 - tokens) * window / capacity)}
`);

export async function tokenBucket(
	{ redis }: Ctx,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs = Date.now()
): Promise<RateLimitVerdict> {
	const [allowed, tokens, resetMs] = (await runScript(
		redis,
		TOKEN_BUCKET,
		[key],
		[limit, windowSeconds * 1000, nowMs]
	)) as number[];
	return { allowed: allowed === 1, limit, remaining: tokens!, resetMs: resetMs! };
}

/**
 * One request of `user`, limited to `limit` per `windowSeconds` by the chosen algorithm. `nowMs`
 * is this server's clock; with several app servers, keep their clocks in sync (NTP). The fixed
 * window needs no clock: its window is the counter's TTL, kept by Redis.
 */
export function limitRequest(
	ctx: Ctx,
	algorithm: Algorithm,
	user: string,
	limit: number,
	windowSeconds: number,
	nowMs = Date.now()
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
 * The verdict as HTTP response headers (the IETF RateLimit header fields draft): the quota, what
 * is left of it, and the seconds until it grows again. A refused request also gets Retry-After.
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
