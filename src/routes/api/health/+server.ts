import { json } from '@sveltejs/kit';
import { redisStatus } from '$lib/server/redis/connection';

/** Redis's state for the header: connected, version, where it comes from, round-trip time. */
export const GET = async () => {
	const status = await redisStatus();
	return json(status, {
		status: status.connected ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
