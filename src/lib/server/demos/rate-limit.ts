import { ALGORITHMS, limitRequest, rateLimitHeaders, rateLimitKey } from '../patterns/rate-limit';
import { choice, defineDemo, integer, text } from './define';

export default defineDemo({
	id: 'rate-limit',
	title: 'One request through a rate limiter',
	button: 'Send a request',
	pattern: 'rate-limit',
	runs: 'limitRequest',
	inputs: {
		algorithm: choice('Algorithm', ALGORITHMS, 'fixed-window'),
		user: text('User', 20, 'ada'),
		'max-requests': integer('Max requests', 1, 100, 5),
		window: integer('Window (s)', 1, 600, 60)
	},
	async run(ctx, { algorithm, user, 'max-requests': limit, window }) {
		const nowMs = Date.now();
		const verdict = await limitRequest(ctx, algorithm, user, limit, window, nowMs);
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
});
