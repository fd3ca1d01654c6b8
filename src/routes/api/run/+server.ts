import { json } from '@sveltejs/kit';
import type { RunRequest } from '$lib/editor/protocol';
import { failureAnswer, refusedBeforeRunning } from '$lib/server/sandbox/channel-answers';
import { runBatch } from '$lib/server/sandbox/command-channel';
import { CHANNEL_BODY_BYTES, readJsonBody } from '$lib/server/sandbox/json-body';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

const SHAPE =
	'{ "commands": [["SET", "k", "v"], ...], "atomic"?: boolean, "lab"?: boolean, "end"?: boolean }, ' +
	'each command a non-empty array of strings';

/**
 * The command channel: a learner's version's batch of Redis commands in (`RunRequest`), each
 * command's reply and the trace out (`RunResponse`). See sandbox/command-channel.ts.
 */
export const POST = async ({ request, locals }) => {
	const body = await readJsonBody(request, { maxBytes: CHANNEL_BODY_BYTES, shape: SHAPE });
	if (!body.ok) return json({ error: body.error }, { status: body.status });
	const batch = runRequestOf(body.value);
	if (typeof batch === 'string') return json({ error: batch }, { status: 400 });
	const refused = refusedBeforeRunning(locals, batch.commands.length);
	if (refused) return refused;
	try {
		return json(await runBatch(sandboxOf(locals.learnerId), batch));
	} catch (error) {
		return failureAnswer(error, 'POST /api/run');
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
