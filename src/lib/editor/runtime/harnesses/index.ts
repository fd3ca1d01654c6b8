import { cacheAsideRead, cacheInvalidate } from './cache-aside';
import type { Harness } from './define';
import { lockAcquire, lockRelease } from './lock';
import { lockRace } from './lock-race';
import { rateLimit } from './rate-limit';
import { ttlFixed } from './ttl';

export type { Harness, HarnessRun } from './define';

/** Demo id → the browser's mirror of that demo: the demos a learner can edit and run. */
export const HARNESSES: Readonly<Record<string, Harness>> = {
	'cache-aside-read': cacheAsideRead,
	'cache-invalidate': cacheInvalidate,
	'ttl-fixed': ttlFixed,
	'lock-acquire': lockAcquire,
	'lock-release': lockRelease,
	'lock-race': lockRace,
	'rate-limit': rateLimit
};

export const EDITABLE_DEMOS: readonly string[] = Object.keys(HARNESSES);
