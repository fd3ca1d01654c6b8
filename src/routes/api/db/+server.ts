import { json } from '@sveltejs/kit';
import type { DbRequest, SqlParam } from '$lib/editor/protocol';
import { DB_PARAM_BYTES, runNamedQuery } from '$lib/server/db/named-queries';
import { failureAnswer, refusedBeforeRunning } from '$lib/server/sandbox/channel-answers';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { CHANNEL_BODY_BYTES, readJsonBody } from '$lib/server/sandbox/json-body';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

const PARAM_TOO_LARGE = `A parameter may be at most ${DB_PARAM_BYTES / 1024} KB.`;
const SHAPE =
	'{ "mode": "all" | "get" | "run", "sql": "<one of the course’s statements>", "params": [...] } ' +
	'or { "mode": "transaction", "steps": [["<statement>", ...params], ...] }, each parameter a string, a number or null';

/**
 * The database channel: one of the course's own statements on the learner's database
 * (`DbRequest`), its value and the SQL trace out (`DbResponse`). See db/named-queries.ts.
 */
export const POST = async ({ request, locals }) => {
	const body = await readJsonBody(request, { maxBytes: CHANNEL_BODY_BYTES, shape: SHAPE });
	if (!body.ok) return json({ error: body.error }, { status: body.status });
	const query = dbRequestOf(body.value);
	if (typeof query === 'string') return json({ error: query }, { status: 400 });
	const statements = query.mode === 'transaction' ? query.steps.length : 1;
	const refused = refusedBeforeRunning(locals, statements);
	if (refused) return refused;
	try {
		return json(await runNamedQuery(sandboxOf(locals.learnerId), query, locals.slowDbMs));
	} catch (error) {
		return failureAnswer(error, 'POST /api/db');
	}
};

const isParam = (value: unknown): value is SqlParam =>
	value === null ||
	typeof value === 'string' ||
	(typeof value === 'number' && Number.isFinite(value));
const isParams = (value: unknown): value is SqlParam[] =>
	Array.isArray(value) && value.length <= LIMITS.args && value.every(isParam);

/** The request, or why it is not one. */
function dbRequestOf(value: unknown): DbRequest | string {
	const expected = `Send ${SHAPE}.`;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
	const { mode, sql, params, steps } = value as Record<string, unknown>;
	const sent =
		mode === 'transaction' && Array.isArray(steps)
			? steps.flatMap((step: unknown) => (Array.isArray(step) ? step.slice(1) : []))
			: params;
	if (
		Array.isArray(sent) &&
		sent.some((p) => typeof p === 'string' && Buffer.byteLength(p) > DB_PARAM_BYTES)
	)
		return PARAM_TOO_LARGE;
	if (mode === 'transaction') {
		if (!Array.isArray(steps) || steps.length === 0) return expected;
		if (steps.length > RUN_BUDGET.perBatch) {
			return `A transaction has at most ${RUN_BUDGET.perBatch} steps (this one has ${steps.length}).`;
		}
		const isStep = (step: unknown) =>
			Array.isArray(step) && typeof step[0] === 'string' && isParams(step.slice(1));
		if (!steps.every(isStep)) return expected;
		return { mode, steps: steps as [string, ...SqlParam[]][] };
	}
	if (mode !== 'all' && mode !== 'get' && mode !== 'run') return expected;
	if (typeof sql !== 'string' || !isParams(params)) return expected;
	return { mode, sql, params };
}
