import { RUN_TIMEOUT_MS, type FromWorker, type ToWorker } from '../protocol';

export interface RunOptions {
	/** Called once with the worker's answer, or with a `failed` one if it was stopped or broke. */
	onDone(result: FromWorker): void;
	timeoutMs?: number;
}

/**
 * Runs a learner's version in a fresh Web Worker (sucrase and the runtime load with it, not
 * with the page) and terminates it when it answers, after `timeoutMs`, or on `stop()`.
 */
export function startRun(message: ToWorker, { onDone, timeoutMs = RUN_TIMEOUT_MS }: RunOptions) {
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
	let done = false;
	const finish = (result: FromWorker) => {
		if (done) return;
		done = true;
		clearTimeout(timer);
		worker.terminate();
		onDone(result);
	};
	const stopped = (message: string) => finish({ type: 'failed', message, trace: [], sql: [] });
	const timer = setTimeout(
		() =>
			stopped(
				`Stopped after ${timeoutMs / 1000} s: your version was still running (a loop that never ends, or a wait too long?).`
			),
		timeoutMs
	);
	worker.onmessage = (event: MessageEvent<FromWorker>) => finish(event.data);
	worker.onerror = (event) => {
		event.preventDefault();
		stopped(
			`The editor could not run your version: ${event.message || 'its worker did not start'}.`
		);
	};
	worker.onmessageerror = () => stopped('The editor could not read the answer of its worker.');
	worker.postMessage(message);
	return { stop: () => stopped('Stopped: the run was ended before it finished.') };
}
