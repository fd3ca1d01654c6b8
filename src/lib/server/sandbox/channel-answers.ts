import { json } from '@sveltejs/kit';
import { REDIS_UNAVAILABLE, RedisUnavailableError } from '../redis/connection';
import { LabBusyError, LabUnavailableError } from '../redis/labs';
import { isConnectionError } from '../redis/traced-client';
import { DbConflictError, DbRequestError } from '../db/named-queries';
import { BatchBusyError } from './command-channel';
import { NO_LEARNER } from './learner';
import { spend } from './run-budget';
import { ConsoleCapError } from './sandboxes';

/**
 * What the learner's version's channels (`/api/run`, `/api/db`) answer before and after they run
 * a request: no sandbox yet (409), over the budget (429 with Retry-After), and each failure with
 * its own status and sentence; a failure the course did not foresee is logged, never shown.
 */

/** 409 for a request that brought no learner cookie; 429 past the budget; else null. */
export function refusedBeforeRunning(locals: App.Locals, statements: number): Response | null {
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
	if (error instanceof LabUnavailableError) return json({ error: error.message }, { status: 503 });
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
