import type { PatternContext } from '../pattern-support';

/** How long each kind of answer may be served from the cache: a product list, weather, rates. */
export const TTL_CHOICES_SECONDS = [10, 30, 60] as const;

export const cacheKey = (endpoint: string) => `api-cache:${endpoint}`;

/** What is cached: the upstream's body and when it was fetched (ms since the epoch). */
export interface CachedResponse<Body> {
	body: Body;
	fetchedAt: number;
}

/**
 * Cache-aside in front of a slow API. The TTL is the only invalidation most upstreams allow (they
 * do not tell you when their data changes), so it is chosen per endpoint from how stale an answer
 * may be, and written with the value in one SET.
 */
export async function fetchCached<Body>(
	{ redis, clock }: PatternContext,
	endpoint: string,
	ttlSeconds: number,
	callUpstream: (endpoint: string) => Promise<Body>
): Promise<CachedResponse<Body> & { hit: boolean }> {
	const cached = await redis.get(cacheKey(endpoint));
	if (cached !== null) return { ...(JSON.parse(cached) as CachedResponse<Body>), hit: true };

	const entry: CachedResponse<Body> = {
		body: await callUpstream(endpoint),
		fetchedAt: clock.now()
	};
	await redis.set(cacheKey(endpoint), JSON.stringify(entry), 'EX', ttlSeconds);
	return { ...entry, hit: false };
}

/** Drops the cached answer: the next request goes to the upstream (a webhook would call this). */
export const invalidate = ({ redis }: PatternContext, endpoint: string) =>
	redis.del(cacheKey(endpoint));
