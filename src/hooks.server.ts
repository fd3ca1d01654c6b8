import { json, type Handle, type ServerInit } from '@sveltejs/kit';
import { connectRedis } from '$lib/server/redis/connection';
import { slowDbOf } from '$lib/server/preferences';
import { learnerId } from '$lib/server/sandbox/learner';
import { securityHeaders, withFrameAncestors } from '$lib/server/security-headers';
import { BODY_TOO_LARGE, bodySizeLimit } from '$lib/server/forms';
import { handleShutdown } from '$lib/server/shutdown';

export const init: ServerInit = async () => {
	await connectRedis();
	handleShutdown();
};

const BODY_SIZE_LIMIT = bodySizeLimit();

export const handle: Handle = async ({ event, resolve }) => {
	// Behind a TLS-terminating proxy, adapter-node builds event.url from ORIGIN: https there
	// makes the cookie Secure.
	event.locals.learnerId = learnerId(event.cookies, event.url.protocol === 'https:');
	event.locals.slowDbMs = slowDbOf(event.cookies);
	event.setHeaders(securityHeaders());
	// An endpoint's body larger than the server reads is told so (a form action's, by readForm).
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > BODY_SIZE_LIMIT && event.route.id?.startsWith('/api/'))
		return withFrameAncestors(
			json({ error: BODY_TOO_LARGE }, { status: 413, headers: securityHeaders() })
		);
	return withFrameAncestors(await resolve(event));
};
