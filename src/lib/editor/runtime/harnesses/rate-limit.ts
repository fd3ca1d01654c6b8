import type * as RateLimit from '$lib/server/patterns/rate-limit';
import { asPattern, choice, integer, text, type Harness } from './define';

/**
 * demos/rate-limit.ts. The learner edits the fixed window; the demo calls the course's
 * limitRequest, which imports the learner's fixed-window.ts (the other algorithms are the course's).
 */
export const rateLimit: Harness = {
	entry: 'patterns/fixed-window.ts',
	uses: ['patterns/rate-limit.ts'],
	async run(_mod, ctx, fields, load) {
		const { ALGORITHMS, limitRequest, rateLimitHeaders, rateLimitKey } = load(
			'patterns/rate-limit.ts'
		) as typeof RateLimit;
		const algorithm = choice(fields, 'algorithm', ALGORITHMS);
		const user = text(fields, 'user');
		const [limit, window] = [integer(fields, 'max-requests'), integer(fields, 'window')];
		const nowMs = Date.now();
		const verdict = await limitRequest(asPattern(ctx), algorithm, user, limit, window, nowMs);
		const headers = rateLimitHeaders(verdict, window);
		// The sliding counter's keys carry the number of the fixed window they count.
		const index = Math.floor(nowMs / (window * 1000));
		const key =
			algorithm === 'sliding-counter'
				? `${rateLimitKey(algorithm, user)}:${index} (and :${index - 1})`
				: rateLimitKey(algorithm, user);
		return {
			outcome: verdict.allowed ? 'allowed' : 'blocked',
			result: {
				algorithm,
				key,
				limit: verdict.limit,
				remaining: verdict.remaining,
				'resets in (s)': Number((verdict.resetMs / 1000).toFixed(1)),
				status: verdict.allowed ? 200 : 429,
				headers: Object.entries(headers).map(([header, value]) => ({ header, value }))
			},
			summary:
				`${user}, ${algorithm}: ${verdict.allowed ? 'allowed' : 'blocked'}, ` +
				`${verdict.remaining} of ${limit} left, resets in ${Math.ceil(verdict.resetMs / 1000)} s`
		};
	}
};
