import type { PatternContext } from '../pattern-support';
import { callUpstream, type Endpoint, type Row } from './simulated-upstream';

/** How long each kind of answer may be served from the cache: a product list, weather, rates. */
export const TTL_CHOICES_SECONDS = [10, 30, 60] as const;

export const cacheKey = (endpoint: Endpoint) => `api-cache:${endpoint}`;

/** What is cached: the upstream's body and when it was fetched (ms since the epoch). */
interface CachedResponse {
	body: Row[];
	fetchedAt: number;
}

export interface ApiRead extends CachedResponse {
	hit: boolean;
	/** Time spent waiting for the upstream; 0 on a hit. */
	upstreamMs: number;
}

/** This app server's own counters, per endpoint, as a metrics library would keep them. */
const HITS = 'api-cache:hits';
function countHit(memory: Map<string, unknown>, endpoint: Endpoint) {
	const hits = (memory.get(HITS) as Map<Endpoint, number> | undefined) ?? new Map();
	memory.set(HITS, hits.set(endpoint, (hits.get(endpoint) ?? 0) + 1));
}
export const cacheHits = (memory: Map<string, unknown>, endpoint: Endpoint) =>
	(memory.get(HITS) as Map<Endpoint, number> | undefined)?.get(endpoint) ?? 0;

/**
 * Cache-aside in front of a slow API. The TTL is the only invalidation most upstreams allow (they
 * do not tell you when their data changes), so it is chosen per endpoint from how stale an answer
 * may be, and written with the value in one SET.
 */
export async function fetchCached(
	{ redis, memory }: PatternContext,
	endpoint: Endpoint,
	ttlSeconds: number
): Promise<ApiRead> {
	const cached = await redis.get(cacheKey(endpoint));
	if (cached !== null) {
		countHit(memory, endpoint);
		return { ...(JSON.parse(cached) as CachedResponse), hit: true, upstreamMs: 0 };
	}
	const { body, latencyMs } = await callUpstream(memory, endpoint);
	const entry: CachedResponse = { body, fetchedAt: Date.now() };
	await redis.set(cacheKey(endpoint), JSON.stringify(entry), 'EX', ttlSeconds);
	return { ...entry, hit: false, upstreamMs: latencyMs };
}

/** Drops the cached answer: the next request goes to the upstream (a webhook would call this). */
export const invalidate = ({ redis }: PatternContext, endpoint: Endpoint) =>
	redis.del(cacheKey(endpoint));
