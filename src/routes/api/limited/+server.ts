import { json } from '@sveltejs/kit';
import {
	ALGORITHMS,
	limitRequest,
	rateLimitHeaders,
	type Algorithm
} from '$lib/server/patterns/rate-limit';
import { sandboxOf, type SandboxRequest } from '$lib/server/sandbox/sandboxes';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';

/** The quota of this endpoint, per learner. */
const LIMIT = 5;
const WINDOW_SECONDS = 10;
/** The rate-limiting lesson's keys for this endpoint: rate:<algorithm>:api. */
const USER = 'api';

/**
 * A real rate-limited endpoint: 5 requests per 10 s per learner, by the sliding log unless
 * `?algorithm=` names another. Its keys live in the learner's sandbox, where the key inspector and
 * the console can see them. The answer carries the RateLimit headers, and 429 with Retry-After
 * once the quota is spent.
 */
export const GET = async ({ locals, url }) => {
	const asked = url.searchParams.get('algorithm') ?? 'sliding-log';
	if (!(ALGORITHMS as readonly string[]).includes(asked)) {
		return json(
			{ error: `algorithm must be one of: ${ALGORITHMS.join(', ')}.` },
			{ status: 400, headers: { 'cache-control': 'no-store' } }
		);
	}
	const algorithm = asked as Algorithm;
	let run: SandboxRequest | undefined;
	try {
		run = await sandboxOf(locals.learnerId).request();
		const verdict = await limitRequest(run.ctx, algorithm, USER, LIMIT, WINDOW_SECONDS);
		const headers = rateLimitHeaders(verdict, WINDOW_SECONDS);
		return json(
			{
				status: verdict.allowed ? 200 : 429,
				message: verdict.allowed
					? `Allowed: ${verdict.remaining} of ${LIMIT} left in this ${WINDOW_SECONDS} s window.`
					: `Too many requests: try again in ${headers['Retry-After']} s.`,
				algorithm,
				headers
			},
			{ status: verdict.allowed ? 200 : 429, headers: { ...headers, 'cache-control': 'no-store' } }
		);
	} catch {
		return json(
			{ error: REDIS_UNAVAILABLE },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	} finally {
		await run?.close();
	}
};
