import type { DbRequest, SqlParam } from '$lib/editor/protocol';
import { DB_PARAM_BYTES, runNamedQuery } from '$lib/server/db/named-queries';
import { channelEndpoint } from '$lib/server/sandbox/channel-answers';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';

const PARAM_TOO_LARGE = `A parameter may be at most ${DB_PARAM_BYTES / 1024} KB.`;
const SHAPE =
	'{ "mode": "all" | "get" | "run", "sql": "<one of the course’s statements>", "params": [...] } ' +
	'or { "mode": "transaction", "steps": [["<statement>", ...params], ...] }, each parameter a string, a number or null';

/**
 * The database channel: one of the course's own statements on the learner's database
 * (`DbRequest`), its value and the SQL trace out (`DbResponse`). See db/named-queries.ts.
 */
export const POST = channelEndpoint('POST /api/db', {
	shape: SHAPE,
	requestOf: dbRequestOf,
	statements: (query) => (query.mode === 'transaction' ? query.steps.length : 1),
	run: (sandbox, query, locals) => runNamedQuery(sandbox, query, locals.slowDbMs)
});

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
