import type { Scenario } from '../scenario-types';
import type { FixScenario } from './define';
import { flusher } from './flusher';
import { invalidation } from './invalidation';
import { lockRelease } from './lock-release';
import { rateLimiter } from './rate-limiter';

/** Exercise id → its scenario: the race or the crash a fix-the-bug check plays. */
export const FIX_SCENARIOS: Readonly<Record<string, FixScenario>> = {
	'fix-the-lock-release': lockRelease,
	'fix-the-rate-limiter': rateLimiter,
	'fix-the-flusher': flusher,
	'fix-the-invalidation': invalidation
};

/** What the worker's `check` message runs: `SCENARIOS[exercise](learnersModule, tools)`. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = Object.fromEntries(
	Object.entries(FIX_SCENARIOS).map(([id, scenario]) => [id, scenario.play])
);
