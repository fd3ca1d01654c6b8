import { error } from '@sveltejs/kit';
import { sharedRedis } from '$lib/server/redis/connection';

/**
 * The form actions a demo click is measured against (`npm run bench`): one that does nothing, and
 * one that sends a single GET to the course's Redis and answers its reply, the least any click
 * that reads Redis can cost. They exist only when the server runs with BENCH=1.
 */
const enabled = () => process.env.BENCH === '1';

export const load = () => {
	if (!enabled()) error(404, { message: 'Not found' });
	return {};
};

export const actions = {
	noop: () => {
		if (!enabled()) error(404, { message: 'Not found' });
		return { ok: true };
	},
	get: async () => {
		if (!enabled()) error(404, { message: 'Not found' });
		return { value: await (await sharedRedis()).get('bench:probe') };
	}
};
