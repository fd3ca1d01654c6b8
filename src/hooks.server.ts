import type { Handle, ServerInit } from '@sveltejs/kit';
import { connectRedis } from '$lib/server/redis/connection';
import { slowDbOf } from '$lib/server/preferences';
import { learnerId } from '$lib/server/sandbox/learner';
import { securityHeaders } from '$lib/server/security-headers';
import { handleShutdown } from '$lib/server/shutdown';

export const init: ServerInit = async () => {
	await connectRedis();
	handleShutdown();
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.learnerId = learnerId(event.cookies, event.url.protocol === 'https:');
	event.locals.slowDbMs = slowDbOf(event.cookies);
	event.setHeaders(securityHeaders());
	return resolve(event);
};
