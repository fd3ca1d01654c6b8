import { json, type RequestHandler } from '@sveltejs/kit';
import { REDIS_UNAVAILABLE, RedisUnavailableError } from '../redis/connection';
import { LabBusyError, LabStartError, LabUnavailableError } from '../redis/labs';
import { isConnectionError } from '../redis/traced-client';
import { DbConflictError, DbRequestError } from '../db/named-queries';
import { BatchBusyError } from './command-channel';
import { CHANNEL_BODY_BYTES, readJsonBody } from './json-body';
import { NO_LEARNER } from './learner';
import { spend } from './run-budget';
import { ConsoleCapError, sandboxOf, type Sandbox } from './sandboxes';

/**
 * What the learner's version's channels (`/api/run`, `/api/db`, `/api/memory`) answer before and
 * after they run a request: a body that is not the JSON they take (4xx), no sandbox yet (409),
 * over the budget (429 with Retry-After), and each failure with its own status and sentence; a
 * failure the course did not foresee is logged, never shown.
 */

interface Channel<T> {
	/** What the body must be, for the sentence that refuses another. */
	shape: string;
	/** The request the body holds, or why it holds none (400). */
	requestOf(value: unknown): T | string;
	/** How much of the learner's budget the request spends. */
	statements(request: T): number;
	run(sandbox: Sandbox, request: T, locals: App.Locals): Promise<object>;
}

/** A channel's POST handler: body, request, budget, then `run` in the learner's sandbox. */
export function channelEndpoint<T>(route: string, channel: Channel<T>): RequestHandler {
	return async ({ request, locals }) => {
		const body = await readJsonBody(request, {
			maxBytes: CHANNEL_BODY_BYTES,
			shape: channel.shape
		});
		if (!body.ok) return json({ error: body.error }, { status: body.status });
		const asked = channel.requestOf(body.value);
		if (typeof asked === 'string') return json({ error: asked }, { status: 400 });
		const refused = refusedBeforeRunning(locals, channel.statements(asked));
		if (refused) return refused;
		try {
			return json(await channel.run(sandboxOf(locals.learnerId), asked, locals));
		} catch (error) {
			return failureAnswer(error, route);
		}
	};
}

/** 409 for a request that brought no learner cookie; 429 past the budget; else null. */
function refusedBeforeRunning(locals: App.Locals, statements: number): Response | null {
	if (locals.newLearner === true) return json({ error: NO_LEARNER }, { status: 409 });
	const budget = spend(locals.learnerId, statements);
	if (budget.allowed) return null;
	const headers = { 'retry-after': String(budget.retryAfterSeconds) };
	return json({ error: budget.error }, { status: 429, headers });
}

export const CHANNEL_FAILED = 'The course could not run that batch; try again.';

/** The answer to a request the channel could not run. */
export function failureAnswer(error: unknown, route: string): Response {
	if (error instanceof LabBusyError) {
		const headers = { 'retry-after': String(error.retryAfterSeconds) };
		return json({ error: error.message }, { status: 429, headers });
	}
	if (error instanceof BatchBusyError) return json({ error: error.message }, { status: 409 });
	if (error instanceof DbConflictError) return json({ error: error.message }, { status: 409 });
	if (error instanceof DbRequestError) return json({ error: error.message }, { status: 400 });
	if (error instanceof LabUnavailableError || error instanceof LabStartError)
		return json({ error: error.message }, { status: 503 });
	if (error instanceof RedisUnavailableError || isConnectionError(error))
		return json({ error: REDIS_UNAVAILABLE }, { status: 503 });
	if (error instanceof ConsoleCapError) {
		return json(
			{ error: 'Too many learners are running commands right now; try again in a minute.' },
			{ status: 503, headers: { 'retry-after': '60' } }
		);
	}
	console.error(`${route} failed:`, error);
	return json({ error: CHANNEL_FAILED }, { status: 503 });
}
