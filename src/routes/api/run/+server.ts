import type { RunRequest } from '$lib/editor/protocol';
import { channelEndpoint } from '$lib/server/sandbox/channel-answers';
import { runBatch } from '$lib/server/sandbox/command-channel';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';

const SHAPE =
	'{ "commands": [["SET", "k", "v"], ...], "atomic"?: boolean, "lab"?: boolean, "end"?: boolean }, ' +
	'each command a non-empty array of strings';

/**
 * The command channel: a learner's version's batch of Redis commands in (`RunRequest`), each
 * command's reply and the trace out (`RunResponse`). See sandbox/command-channel.ts.
 */
export const POST = channelEndpoint('POST /api/run', {
	shape: SHAPE,
	requestOf: runRequestOf,
	statements: (batch) => batch.commands.length,
	run: runBatch
});

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
