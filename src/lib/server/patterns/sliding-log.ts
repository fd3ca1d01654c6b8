import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';
import type { RateLimitVerdict } from './rate-limit';

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
	{ redis }: Pick<PatternContext, 'redis'>,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs: number
): Promise<RateLimitVerdict> {
	// Two requests in the same millisecond are two members: the score is the time, the name unique.
	const member = `${nowMs}-${randomBytes(4).toString('hex')}`;
	const [allowed, count, resetMs] = (await runScript(
		redis,
		SLIDING_LOG,
		[key],
		[limit, windowSeconds * 1000, nowMs, member]
	)) as [number, number, number];
	return { allowed: allowed === 1, limit, remaining: limit - count, resetMs };
}
