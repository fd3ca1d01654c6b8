/**
 * The editor's Web Worker: one message of the page (ToWorker), one answer (FromWorker). The page
 * terminates it after RUN_TIMEOUT_MS or on Stop, so a version that never ends costs nothing more.
 */
import type { ToWorker } from '../protocol';
import { runChannel } from './channel';
import { execute } from './execute';
import { createHttpChannel } from './http-channel';
import { SCENARIOS } from './scenarios/index';

self.onmessage = async (event: MessageEvent<ToWorker>) => {
	self.postMessage(
		await execute(event.data, (lab) => runChannel(createHttpChannel(), lab), SCENARIOS)
	);
};
