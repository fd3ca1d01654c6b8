import { building } from '$app/environment';
import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { LESSONS } from '$lib/server/content/course';
import { warmPatternSources } from '$lib/server/content/pattern-source';
import { DEMOS } from '$lib/server/demos';
import { connectRedis } from '$lib/server/redis/connection';
import { slowDbOf } from '$lib/server/preferences';
import { learnerId } from '$lib/server/sandbox/learner';
import { securityHeaders, withFrameAncestors } from '$lib/server/security-headers';
import { BODY_TOO_LARGE, bodySizeLimit, contentTypeOf, NOT_A_FORM } from '$lib/server/forms';
import { handleShutdown } from '$lib/server/shutdown';

export const init: ServerInit = async () => {
	await connectRedis();
	handleShutdown();
	// The pattern files the lessons show are highlighted in the background from the start, one
	// at a time, so that a lesson's first view does not wait for shiki.
	if (!building)
		void warmPatternSources(LESSONS.flatMap((l) => l.demos.map((id) => DEMOS.get(id)!.pattern)));
};

const BODY_SIZE_LIMIT = bodySizeLimit();
/** The types SvelteKit lets reach a form action; it answers any other with a bare, logged 415. */
const ACTION_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * An answer given before the route runs, with the headers every answer carries: JSON for an
 * endpoint and an enhanced form (which reads an action's answer as `{ type, ... }`), the bare
 * sentence for a plain form post.
 */
function early(event: RequestEvent, status: number, error: string): Response {
	const headers = securityHeaders();
	const action = event.url.search.startsWith('?/');
	const wantsJson = event.request.headers.get('accept')?.includes('application/json') ?? false;
	const response = !action
		? json({ error }, { status, headers })
		: wantsJson
			? json({ type: 'error', error: { message: error } }, { status, headers })
			: new Response(error, { status, headers: { ...headers, 'content-type': 'text/plain' } });
	return withFrameAncestors(response);
}

export const handle: Handle = async ({ event, resolve }) => {
	// Behind a TLS-terminating proxy, adapter-node builds event.url from ORIGIN: https there
	// makes the cookie Secure.
	const learner = learnerId(event.cookies, event.url.protocol === 'https:');
	event.locals.learnerId = learner.id;
	event.locals.newLearner = learner.issued;
	event.locals.slowDbMs = slowDbOf(event.cookies);
	event.setHeaders(securityHeaders());
	// An endpoint's body larger than the server reads is told so (a form action's, by readForm).
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > BODY_SIZE_LIMIT && event.route.id?.startsWith('/api/'))
		return early(event, 413, BODY_TOO_LARGE);
	if (
		event.request.method === 'POST' &&
		event.url.search.startsWith('?/') &&
		!ACTION_TYPES.includes(contentTypeOf(event.request))
	)
		return early(event, 415, NOT_A_FORM);
	return withFrameAncestors(await resolve(event));
};
