import type { PatternContext } from '../pattern-support';

export const TTL_SECONDS = 60;

export interface SingleFlightRead<T> {
	value: T;
	source: 'cache' | 'db';
	/** ms this request waited for another request's load in the same process. */
	waitedMs: number;
}

/**
 * Cache-aside where the requests of one process that miss together share one load: the first
 * starts it and puts its promise in `inflight`, the others await that promise. `inflight` is
 * this process's own (a module-level Map in an app): ten app servers still make ten loads.
 */
export async function readSingleFlight<T>(
	ctx: PatternContext,
	key: string,
	inflight: Map<string, Promise<T>>,
	load: () => Promise<T>
): Promise<SingleFlightRead<T>> {
	const { redis, clock } = ctx;
	const cached = await redis.get(key);
	if (cached !== null) return { value: JSON.parse(cached) as T, source: 'cache', waitedMs: 0 };

	const pending = inflight.get(key);
	if (pending) {
		const started = clock.now();
		const value = await pending; // a failed load fails every request that shared it
		return { value, source: 'db', waitedMs: clock.now() - started };
	}
	// The entry goes once the value is in Redis: later requests find it there, not here.
	const loading = loadAndCache(ctx, key, load).finally(() => inflight.delete(key));
	inflight.set(key, loading);
	return { value: await loading, source: 'db', waitedMs: 0 };
}

async function loadAndCache<T>({ redis }: PatternContext, key: string, load: () => Promise<T>) {
	const value = await load();
	await redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
	return value;
}
