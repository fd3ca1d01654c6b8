import type { PatternContext } from '../pattern-support';
import { readThrough } from './cache-aside';
import { readWithMutex } from './mutex-recompute';
import { readSingleFlight } from './single-flight';
import { readStaleWhileRevalidate, type Reload } from './stale-while-revalidate';
import { BETA, readXFetch } from './xfetch';
import { readXFetchLocked } from './xfetch-locked';

/** Six ways to read one hot key; each lives in its own module, named after what it does. */
export const STRATEGIES = [
	'none',
	'single-flight',
	'mutex',
	'early-refresh',
	'stale-while-revalidate',
	'xfetch-locked'
] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface HotRead<T> {
	value: T;
	source: 'cache' | 'db' | 'stale';
	/** ms spent waiting for another request's load (single-flight, mutex, xfetch-locked). */
	waitedMs: number;
	/** early-refresh: true when it recomputed a value that had not expired yet. */
	early?: boolean;
	/** A reload this request started in the background (stale-while-revalidate, xfetch-locked). */
	reload?: Promise<Reload>;
}

export interface HotReadOptions<T> {
	/** This process's loads in flight, for single-flight: one Map per app server. */
	inflight: Map<string, Promise<T>>;
	/** XFetch's β, for early-refresh and xfetch-locked. */
	beta?: number;
}

/** One request for the hot key `key`, read with `strategy`; `load` recomputes the value. */
export async function readHotKey<T>(
	ctx: PatternContext,
	strategy: Strategy,
	key: string,
	load: () => Promise<T>,
	{ inflight, beta = BETA }: HotReadOptions<T>
): Promise<HotRead<T>> {
	switch (strategy) {
		case 'none': {
			const { value, hit } = await readThrough(ctx, key, load);
			return { value, source: hit ? 'cache' : 'db', waitedMs: 0 };
		}
		case 'single-flight':
			return readSingleFlight(ctx, key, inflight, load);
		case 'mutex':
			return readWithMutex(ctx, key, load);
		case 'early-refresh': {
			return { waitedMs: 0, ...(await readXFetch(ctx, key, load, beta)) };
		}
		case 'stale-while-revalidate':
			return { waitedMs: 0, ...(await readStaleWhileRevalidate(ctx, key, load)) };
		case 'xfetch-locked':
			return readXFetchLocked(ctx, key, load, beta);
	}
}
