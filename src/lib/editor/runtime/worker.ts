/**
 * The editor's Web Worker: one message of the page (ToWorker), one answer (FromWorker), each with
 * the learner's app-server memory. The page terminates it after RUN_TIMEOUT_MS or on Stop, so a
 * version that never ends costs nothing more.
 */
import { runChannel } from './channel';
import { execute } from './execute';
import { createHttpChannel } from './http-channel';
import { SCENARIOS } from './scenarios/index';
import type { FromRunWorker, ToRunWorker } from './worker-messages';

self.onmessage = async (event: MessageEvent<ToRunWorker>) => {
	const { message, memory } = event.data;
	const answer = await execute(
		message,
		(lab) => runChannel(createHttpChannel(), lab),
		SCENARIOS,
		memory
	);
	self.postMessage({ answer, memory } satisfies FromRunWorker);
};
