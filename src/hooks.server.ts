import type { Handle, ServerInit } from '@sveltejs/kit';
import { closeRedis, connectRedis } from '$lib/server/redis/connection';
import { slowDbOf } from '$lib/server/preferences';
import { learnerId } from '$lib/server/sandbox/learner';

export const init: ServerInit = async () => {
	await connectRedis();
	// adapter-node emits this after SIGINT/SIGTERM once requests have drained.
	process.once('sveltekit:shutdown', () => void closeRedis());
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.learnerId = learnerId(event.cookies, event.url.protocol === 'https:');
	event.locals.slowDbMs = slowDbOf(event.cookies);
	return resolve(event);
};
