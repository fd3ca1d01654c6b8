import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { lockKey, releaseLock } from './lock';

/** Served as fresh this long after a load... */
export const FRESH_MS = 60_000;
/** ...then served stale while one request reloads it, for at most this long: the hard TTL. */
export const GRACE_MS = 10 * 60_000;
/** One reload at a time; after a failed one, the next try waits until this runs out. */
export const REFRESH_LOCK_TTL_MS = 5_000;

/** What is cached: the value and the time (ms since the epoch) until which it is fresh. */
interface Entry<T> {
	value: T;
	freshUntilMs: number;
}

/** How a background reload ended. It never rejects: a caller that ignores it cannot crash. */
export type Reload = { ok: true } | { ok: false; error: Error };

export interface SwrRead<T> {
	value: T;
	source: 'cache' | 'db' | 'stale';
	/** Set when this request started the reload: await it, hand it to waitUntil, or log it. */
	reload?: Promise<Reload>;
}

/** Caches the value, fresh for `freshMs`, kept GRACE_MS longer for stale reads. */
export async function storeFresh<T>(
	{ redis, clock }: PatternContext,
	key: string,
	value: T,
	freshMs = FRESH_MS
) {
	const entry: Entry<T> = { value, freshUntilMs: clock.now() + freshMs };
	await redis.set(key, JSON.stringify(entry), 'PX', freshMs + GRACE_MS);
}

/**
 * A fresh value is served as it is; a stale one is served at once too, and the first request to
 * see it stale reloads it in the background. Only a key past its hard TTL makes a request wait.
 * The soft expiry is this server's clock: keep app servers' clocks in step (NTP).
 */
export async function readStaleWhileRevalidate<T>(
	ctx: PatternContext,
	key: string,
	load: () => Promise<T>
): Promise<SwrRead<T>> {
	const cached = await ctx.redis.get(key);
	if (cached === null) {
		const value = await load();
		await storeFresh(ctx, key, value);
		return { value, source: 'db' };
	}
	const { value, freshUntilMs } = JSON.parse(cached) as Entry<T>;
	if (ctx.clock.now() < freshUntilMs) return { value, source: 'cache' };
	const started = await reloadOnce(ctx, key, async () => storeFresh(ctx, key, await load()));
	return { value, source: 'stale', ...started };
}

/**
 * Starts `work` in the background if this request wins the key's refresh lock (SET NX PX) and
 * returns it as `{ reload }`; returns {} when another request is at it. The lock is released
 * after a reload that worked; after one that failed it is left to expire, so a database that is
 * down gets one try per REFRESH_LOCK_TTL_MS instead of one per request.
 */
export async function reloadOnce(
	ctx: PatternContext,
	key: string,
	work: () => Promise<void>
): Promise<{ reload?: Promise<Reload> }> {
	const lock = { resource: key, token: randomBytes(8).toString('hex') };
	const won = await ctx.redis.set(lockKey(key), lock.token, 'PX', REFRESH_LOCK_TTL_MS, 'NX');
	if (won === null) return {};
	// Wrapped in an object: an async function returning the promise itself would wait for it.
	const reload = (async (): Promise<Reload> => {
		try {
			await work();
			await releaseLock(ctx, lock);
			return { ok: true };
		} catch (error) {
			return { ok: false, error: error as Error };
		}
	})();
	return { reload };
}
