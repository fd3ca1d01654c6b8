/**
 * The editor's Web Worker: one message of the page (ToWorker), one answer (FromWorker). The page
 * terminates it after RUN_TIMEOUT_MS or on Stop, so a version that never ends costs nothing more.
 */
import type { ToWorker } from '../protocol';
import { execute } from './execute';
import { createHttpChannel } from './http-channel';
import type { Scenario } from './scenario-types';

// TODO(exercises): `import { SCENARIOS } from './scenarios/index'` once that folder lands.
const scenarios = import.meta.glob<{ SCENARIOS: Record<string, Scenario> }>(
	'./scenarios/index.ts',
	{
		eager: true
	}
);
const SCENARIOS = Object.values(scenarios)[0]?.SCENARIOS ?? {};

self.onmessage = async (event: MessageEvent<ToWorker>) => {
	self.postMessage(await execute(event.data, (lab) => createHttpChannel({ lab }), SCENARIOS));
};
