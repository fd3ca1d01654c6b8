import { consoleSession } from '$lib/console.svelte';
import { RUN_TIMEOUT_MS, type FromWorker, type ToWorker } from '../protocol';
import { endLab } from './http-channel';
import type { MemoryOverlay } from './memory';
import type { FromRunWorker, ToRunWorker } from './worker-messages';

/**
 * What the learner's versions wrote to their app server's memory, kept by the page from one run
 * (one worker) to the next, as a real app server keeps its memory between requests; gone with the
 * page, as it would be with a restart. A run that was stopped leaves it as it was.
 */
let pageMemory: MemoryOverlay = {};
/** The sandbox resets counted when pageMemory was last written: a reset forgets it too. */
let pageMemoryResets = consoleSession.resets;

export interface RunOptions {
	/** Called once with the worker's answer, or with a `failed` one if it was stopped or broke. */
	onDone(result: FromWorker): void;
	timeoutMs?: number;
	/** Stops the learner's lab from the page (tests); by default, the end batch over fetch. */
	endLab?: () => void;
}

/** How a run ended: the worker's answer, or the page ending it. */
export type Ending = 'answered' | 'stopped' | 'timed out' | 'broke';

/**
 * Whether the page must stop the learner's lab itself: a worker terminated before it answered
 * never sent its end batch (execute() sends it as it finishes), so the lab of a version with Lua
 * of its own would run on until its idle time. The page cannot see whether the version used the
 * lab (the worker decides), so it ends it after every such run; with no lab, the end batch is
 * a no-op on the server.
 */
export const pageEndsLab = (ending: Ending) => ending !== 'answered';

/**
 * Runs a learner's version in a fresh Web Worker (sucrase and the runtime load with it, not
 * with the page) and terminates it when it answers, after `timeoutMs`, or on `stop()`.
 */
export function startRun(
	message: ToWorker,
	{ onDone, timeoutMs = RUN_TIMEOUT_MS, endLab: end = () => void endLab() }: RunOptions
) {
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
	let done = false;
	const finish = (result: FromWorker, ending: Ending) => {
		if (done) return;
		done = true;
		clearTimeout(timer);
		worker.terminate();
		if (pageEndsLab(ending)) end();
		onDone(result);
	};
	const stopped = (message: string, ending: Ending) =>
		finish({ type: 'failed', message, trace: [], sql: [] }, ending);
	const timer = setTimeout(
		() =>
			stopped(
				`Stopped after ${timeoutMs / 1000} s: your version was still running (a loop that never ends, or a wait too long?).`,
				'timed out'
			),
		timeoutMs
	);
	if (pageMemoryResets !== consoleSession.resets) pageMemory = {};
	const resets = (pageMemoryResets = consoleSession.resets);
	worker.onmessage = (event: MessageEvent<FromRunWorker>) => {
		if (done) return;
		// A run the learner's Reset overtook wrote over what the reset cleared: not kept.
		pageMemory = resets === consoleSession.resets ? event.data.memory : {};
		finish(event.data.answer, 'answered');
	};
	worker.onerror = (event) => {
		event.preventDefault();
		stopped(
			`The editor could not run your version: ${event.message || 'its worker did not start'}.`,
			'broke'
		);
	};
	worker.onmessageerror = () =>
		stopped('The editor could not read the answer of its worker.', 'broke');
	worker.postMessage({ message, memory: pageMemory } satisfies ToRunWorker);
	return { stop: () => stopped('Stopped: the run was ended before it finished.', 'stopped') };
}
