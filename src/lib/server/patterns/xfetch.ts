import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';

export const TTL_MS = 60_000;
/** XFetch's β: above 1 recomputes earlier, below 1 later. 1 is the paper's default. */
export const BETA = 1;

/** What is cached: the value and how long it took to compute (Δ, in ms). */
export interface Entry<T> {
	value: T;
	deltaMs: number;
}

export interface XFetchRead<T> {
	value: T;
	source: 'cache' | 'db';
	/** True when this request recomputed a value that had not expired yet. */
	early: boolean;
}

/**
 * XFetch (Vattani, Chierichetti and Lowenstein, VLDB 2015): recompute early when
 * now − Δ·β·ln(rand) ≥ expiry, that is when −Δ·β·ln(rand) ≥ the TTL left. The nearer the
 * expiry and the slower the recompute, the likelier; no request waits for another.
 */
export function recomputeEarly(deltaMs: number, ttlLeftMs: number, beta = BETA) {
	return -deltaMs * beta * Math.log(1 - Math.random()) >= ttlLeftMs; // 1 − rand is never 0
}

/** Reads the value and its TTL (Redis's clock: app servers need not agree on the time). */
export async function readEntry<T>({ redis }: PatternContext, key: string) {
	const [cached, ttlLeftMs] = await execAll(redis.pipeline().get(key).pttl(key));
	return {
		entry: cached === null ? null : (JSON.parse(cached as string) as Entry<T>),
		ttlLeftMs: Number(ttlLeftMs)
	};
}

export async function readXFetch<T>(
	ctx: PatternContext,
	key: string,
	load: () => Promise<T>,
	beta = BETA
): Promise<XFetchRead<T>> {
	const { entry, ttlLeftMs } = await readEntry<T>(ctx, key);
	if (entry && !recomputeEarly(entry.deltaMs, ttlLeftMs, beta)) {
		return { value: entry.value, source: 'cache', early: false };
	}
	return { value: await recompute(ctx, key, load), source: 'db', early: entry !== null };
}

/** Loads the value and measures Δ. */
export async function timedLoad<T>({ clock }: PatternContext, load: () => Promise<T>) {
	const started = clock.now();
	const value = await load();
	return { value, deltaMs: clock.now() - started } satisfies Entry<T>;
}

/** Loads the value, measures Δ and caches both for TTL_MS. */
export async function recompute<T>(ctx: PatternContext, key: string, load: () => Promise<T>) {
	const entry = await timedLoad(ctx, load);
	await ctx.redis.set(key, JSON.stringify(entry), 'PX', TTL_MS);
	return entry.value;
}
