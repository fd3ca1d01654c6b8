import type { PatternContext } from '../pattern-support';
import { readWithMutex } from './mutex-recompute';
import { reloadOnce, type Reload } from './stale-while-revalidate';
import { BETA, readEntry, recompute, recomputeEarly, timedLoad } from './xfetch';

export interface XFetchLockedRead<T> {
	value: T;
	source: 'cache' | 'db';
	/** ms spent waiting for another request's load (only when the key had expired). */
	waitedMs: number;
	/** Set when this request started the early recompute. */
	reload?: Promise<Reload>;
}

/**
 * XFetch's early recompute, one at a time: the request that draws "recompute" takes a lock and
 * recomputes in the background, and every request, that one included, gets the cached value,
 * which has not expired yet. Others that draw "recompute" meanwhile find the lock taken.
 * A key that has already expired goes through the mutex, on the same lock: if an early recompute
 * is under way, the request waits for it instead of starting another.
 */
export async function readXFetchLocked<T>(
	ctx: PatternContext,
	key: string,
	load: () => Promise<T>,
	beta = BETA
): Promise<XFetchLockedRead<T>> {
	const { entry, ttlLeftMs } = await readEntry<T>(ctx, key);
	if (!entry) {
		const { value, source, waitedMs } = await readWithMutex(ctx, key, () => timedLoad(ctx, load));
		return { value: value.value, source, waitedMs };
	}
	if (!recomputeEarly(entry.deltaMs, ttlLeftMs, beta)) {
		return { value: entry.value, source: 'cache', waitedMs: 0 };
	}
	const started = await reloadOnce(ctx, key, async () => void (await recompute(ctx, key, load)));
	return { value: entry.value, source: 'cache', waitedMs: 0, ...started };
}
