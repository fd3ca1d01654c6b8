import { json } from '@sveltejs/kit';
import { inspectKeys } from '$lib/server/sandbox/inspect';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';

/** The key inspector: the learner's own keys, with type, TTL and a preview. */
export const GET = async ({ locals }) => {
	try {
		const keys = await inspectKeys(sandboxOf(locals.learnerId));
		return json({ keys }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ keys: [], error: REDIS_UNAVAILABLE }, { status: 503 });
	}
};
