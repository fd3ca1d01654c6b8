import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';
import type { RateLimitVerdict } from './rate-limit';

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

/** Each fixed window's counter is a key of its own, named after the window's number. */
export const windowKey = (key: string, windowIndex: number) => `${key}:${windowIndex}`;

export async function slidingCounter(
	{ redis }: Pick<PatternContext, 'redis'>,
	key: string,
	limit: number,
	windowSeconds: number,
	nowMs: number
): Promise<RateLimitVerdict> {
	const windowMs = windowSeconds * 1000;
	const index = Math.floor(nowMs / windowMs);
	const elapsedMs = nowMs - index * windowMs;
	const [allowed, used] = (await runScript(
		redis,
		SLIDING_COUNTER,
		[windowKey(key, index), windowKey(key, index - 1)],
		[limit, windowMs, elapsedMs]
	)) as [number, number];
	return {
		allowed: allowed === 1,
		limit,
		remaining: Math.max(0, limit - used),
		resetMs: windowMs - elapsedMs
	};
}
