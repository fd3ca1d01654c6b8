import type { FromWorker, OwnCheckResult, OwnRunResult, ToWorker } from '../protocol';
import type { RunChannel } from './channel';
import { lineOf } from './compile';
import { createContext, type RunLog } from './context';
import { DEMO_ENTRIES } from './editable-demos';
import { createMemory, learnerMemory, type MemoryOverlay } from './memory';
import { runDemoFile } from './run-demo';
import type { Scenario } from './scenario-types';
import { loadVersion, type Version } from './version';

export type { RunChannel } from './channel';

/** The engine's own errors keep their kind in the sentence; the learner's plain `Error` its words. */
const NAMED = /^(TypeError|ReferenceError|RangeError|SyntaxError|ReplyError)$/;
const describe = (error: unknown) =>
	!(error instanceof Error)
		? String(error)
		: NAMED.test(error.name)
			? `${error.name}: ${error.message}`
			: error.message;

type Run = Extract<ToWorker, { type: 'run' }>;
type Check = Extract<ToWorker, { type: 'check' }>;

async function runDemo(
	message: Run,
	version: Version,
	channel: RunChannel,
	log: RunLog,
	overlay: MemoryOverlay
): Promise<OwnRunResult> {
	const memory = learnerMemory((request) => channel.memory(request), overlay);
	const ctx = createContext(channel, { log, memory });
	const started = performance.now();
	const { outcome, result, summary } = await runDemoFile(
		version,
		message.source.id,
		ctx,
		message.fields
	);
	const ms = performance.now() - started;
	return { outcome, result, summary, ...log, ms, ranOn: channel.ranOn };
}

async function runCheck(
	message: Check,
	scenario: Scenario,
	version: Version,
	channel: RunChannel,
	log: RunLog
): Promise<OwnCheckResult> {
	const memory = createMemory();
	const checks = await scenario(version.entry, {
		context: (actor, onStep) => createContext(channel, { actor, onStep, log, memory }),
		load: version.load
	});
	const passed = checks.length > 0 && checks.every((check) => check.ok);
	return { exercise: message.exercise, passed, checks, ...log, ranOn: channel.ranOn };
}

/**
 * One message of the page, start to end: compiles the learner's version, runs the demo's own
 * file with it (`run`) or the exercise's scenario (`check`) over the channel, and answers with
 * what the worker posts back. Never throws: a failure is a `failed` answer, with the entry's
 * line. A demo run's memory writes go to `memory` (the page keeps it from run to run); a
 * check's memory is its own.
 */
export async function execute(
	message: ToWorker,
	openChannel: (lab: boolean) => RunChannel,
	scenarios: Readonly<Record<string, Scenario>>,
	memory: MemoryOverlay = {}
): Promise<FromWorker> {
	const log: RunLog = { trace: [], sql: [] };
	const { source } = message;
	let channel: RunChannel | undefined;
	try {
		if (message.type === 'run' && DEMO_ENTRIES[source.id] !== source.entry) {
			throw new Error(`The demo ${source.id} has no editable version of ${source.entry}.`);
		}
		const scenario = message.type === 'check' ? scenarios[message.exercise] : undefined;
		if (message.type === 'check' && !scenario)
			throw new Error(`There is no exercise ${message.exercise} to check.`);
		const version = loadVersion(source, message.edited);
		// A version with Lua of its own runs on the learner's lab server, never on the shared one.
		channel = openChannel(version.ownScripts().length > 0);
		if (message.type === 'run')
			return { type: 'ran', run: await runDemo(message, version, channel, log, memory) };
		return { type: 'checked', check: await runCheck(message, scenario!, version, channel, log) };
	} catch (error) {
		const line = lineOf(error, source.entry);
		return {
			type: 'failed',
			message: describe(error),
			...(line !== undefined && { line }),
			...log
		};
	} finally {
		await channel?.end().catch(() => {});
	}
}
