import { execAll } from '../pattern-support';
import { sharedRedis } from '../redis/connection';
import { LIMITS } from './console-policy';

/**
 * The console's own request limit: a fixed window per learner, on a key outside the learner's
 * namespace (so the learner cannot reset it) but in the same hash slot. This is the course's
 * security limit, kept apart from the rate-limiting lesson's code, which learners may change.
 */
export interface LineAllowance {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** When the window ends, in ms from now. */
	resetMs: number;
}

export async function consoleRateLimit(learnerId: string): Promise<LineAllowance> {
	const key = `course:{${learnerId}}:console-rate`;
	const windowMs = LIMITS.windowSeconds * 1000;
	const redis = await sharedRedis();
	// NX: only the window's first line sets the expiry, so the window never slides.
	const [count, ttlMs] = await execAll(
		redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key)
	).then(([count, , ttl]) => [Number(count), Number(ttl)]);
	return {
		allowed: count! <= LIMITS.linesPerWindow,
		limit: LIMITS.linesPerWindow,
		remaining: Math.max(0, LIMITS.linesPerWindow - count!),
		resetMs: ttlMs! > 0 ? ttlMs! : windowMs
	};
}
