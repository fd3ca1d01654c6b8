import { json } from '@sveltejs/kit';
import type { RunRequest } from '$lib/editor/protocol';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { LabBusyError, LabUnavailableError } from '$lib/server/redis/labs';
import { runBatch } from '$lib/server/sandbox/command-channel';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { readJsonBody } from '$lib/server/sandbox/json-body';
import { RUN_BUDGET, spend } from '$lib/server/sandbox/run-budget';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

/** One argument as large as the console allows, and room for the rest of the batch. */
const MAX_BODY_BYTES = LIMITS.argBytes + 8 * 1024;
const SHAPE =
	'{ "commands": [["SET", "k", "v"], ...], "atomic"?: boolean, "lab"?: boolean, "end"?: boolean }, ' +
	'each command a non-empty array of strings';

/**
 * The command channel: a learner's version's batch of Redis commands in (`RunRequest`), each
 * command's reply and the trace out (`RunResponse`). See sandbox/command-channel.ts.
 */
export const POST = async ({ request, locals }) => {
	const body = await readJsonBody(request, { maxBytes: MAX_BODY_BYTES, shape: SHAPE });
	if (!body.ok) return json({ error: body.error }, { status: body.status });
	const batch = runRequestOf(body.value);
	if (typeof batch === 'string') return json({ error: batch }, { status: 400 });
	const budget = spend(locals.learnerId, batch.commands.length);
	if (!budget.allowed) {
		const headers = { 'retry-after': String(budget.retryAfterSeconds) };
		return json({ error: budget.error }, { status: 429, headers });
	}
	try {
		return json(await runBatch(sandboxOf(locals.learnerId), batch));
	} catch (error) {
		if (error instanceof LabBusyError) {
			const headers = { 'retry-after': String(error.retryAfterSeconds) };
			return json({ error: error.message }, { status: 429, headers });
		}
		if (error instanceof LabUnavailableError)
			return json({ error: error.message }, { status: 503 });
		return json({ error: REDIS_UNAVAILABLE }, { status: 503 });
	}
};

/** The batch, or why it is not one. */
function runRequestOf(value: unknown): RunRequest | string {
	const expected = `Send ${SHAPE}.`;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
	const { commands, atomic, lab, end } = value as Record<string, unknown>;
	if (!Array.isArray(commands)) return expected;
	if (commands.length > RUN_BUDGET.perBatch) {
		return `A batch has at most ${RUN_BUDGET.perBatch} commands (this one has ${commands.length}): send them in several batches.`;
	}
	const isCommand = (command: unknown) =>
		Array.isArray(command) && command.length > 0 && command.every((arg) => typeof arg === 'string');
	if (!commands.every(isCommand)) return expected;
	for (const flag of [atomic, lab, end])
		if (flag !== undefined && typeof flag !== 'boolean') return expected;
	return {
		commands: commands as string[][],
		atomic: atomic === true,
		lab: lab === true,
		end: end === true
	};
}
