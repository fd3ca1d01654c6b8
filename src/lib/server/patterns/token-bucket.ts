import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';
import type { RateLimitVerdict } from './rate-limit';

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
	{ redis }: Pick<PatternContext, 'redis'>,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs: number
): Promise<RateLimitVerdict> {
	const [allowed, tokens, resetMs] = (await runScript(
		redis,
		TOKEN_BUCKET,
		[key],
		[limit, windowSeconds * 1000, nowMs]
	)) as [number, number, number];
	return { allowed: allowed === 1, limit, remaining: tokens, resetMs };
}
