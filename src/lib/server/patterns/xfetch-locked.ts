import type { PatternContext } from '../pattern-support';
import { reloadOnce, type Reload } from './stale-while-revalidate';
import { BETA, readEntry, recompute, recomputeEarly } from './xfetch';

export interface XFetchLockedRead<T> {
	value: T;
	source: 'cache' | 'db';
	/** Set when this request started the early recompute. */
	reload?: Promise<Reload>;
}

/**
 * XFetch's early recompute, one at a time: the request that draws "recompute" takes a lock and
 * recomputes in the background, and every request, that one included, gets the cached value,
 * which has not expired yet. Others that draw "recompute" meanwhile find the lock taken.
 * A key that has already expired is recomputed as plain XFetch does it (read by nobody for a
 * whole TTL, it is not hot; if cold misses are, put the mutex in front of them).
 */
export async function readXFetchLocked<T>(
	ctx: PatternContext,
	key: string,
	load: () => Promise<T>,
	beta = BETA
): Promise<XFetchLockedRead<T>> {
	const { entry, ttlLeftMs } = await readEntry<T>(ctx, key);
	if (!entry) return { value: await recompute(ctx, key, load), source: 'db' };
	if (!recomputeEarly(entry.deltaMs, ttlLeftMs, beta))
		return { value: entry.value, source: 'cache' };
	const started = await reloadOnce(ctx, key, async () => void (await recompute(ctx, key, load)));
	return { value: entry.value, source: 'cache', ...started };
}
