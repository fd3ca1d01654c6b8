import { TTL_CHOICES_SECONDS, cacheKey, fetchCached } from '../patterns/api-cache';
import { ENDPOINTS, callUpstream, counters, countHit } from './support/simulated-upstream';
import { choice, defineDemo } from './define';

const TTLS = TTL_CHOICES_SECONDS.map(String) as ['10', '30', '60'];

export default defineDemo({
	id: 'api-fetch',
	title: 'Call a slow API through the cache',
	button: 'Fetch',
	pattern: 'api-cache',
	runs: 'fetchCached',
	inputs: {
		endpoint: choice('Endpoint', ENDPOINTS, '/api/products'),
		ttl: choice('TTL (s)', TTLS, '30')
	},
	async run(ctx, { endpoint, ttl }) {
		let upstreamMs = 0;
		const read = await fetchCached(ctx, endpoint, Number(ttl), async () => {
			const { body, latencyMs } = await callUpstream(ctx.memory, endpoint);
			upstreamMs = latencyMs;
			return body;
		});
		if (read.hit) await countHit(ctx.memory, endpoint);
		const countsOf = await counters(ctx.memory);
		const ageSeconds = Math.round((ctx.clock.now() - read.fetchedAt) / 1000);
		const table = ENDPOINTS.map((name) => ({ endpoint: name, ...countsOf(name) }));
		return {
			outcome: read.hit ? 'hit' : 'miss',
			result: {
				endpoint,
				'served from': read.hit ? `cache (${cacheKey(endpoint)})` : 'upstream',
				...countsOf(endpoint),
				...(read.hit ? {} : { upstreamMs: Math.round(upstreamMs) }),
				ageSeconds,
				counters: table,
				response: read.body
			},
			summary: read.hit
				? `${endpoint}: served from Redis, fetched ${ageSeconds} s ago`
				: `${endpoint}: called the upstream (${Math.round(upstreamMs)} ms), cached for ${ttl} s`
		};
	}
});
