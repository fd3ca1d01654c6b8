import { json } from '@sveltejs/kit';
import { redisStatus } from '$lib/server/redis/connection';
import { labCapacity } from '$lib/server/redis/labs';
import { sandboxCount } from '$lib/server/sandbox/sandboxes';

/**
 * Redis's state for the header (connected, version, where it comes from, round-trip time) and,
 * for whoever runs the course, its capacity: lab servers running out of the most allowed, and
 * the learners' sandboxes held in memory. 200 while Redis answers, 503 while it does not.
 */
export const GET = async () => {
	const status = await redisStatus();
	return json(
		{ ...status, labs: labCapacity(), sandboxes: sandboxCount() },
		{ status: status.connected ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
