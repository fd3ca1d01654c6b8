/**
 * The demos a learner can edit and run: demo id → the module they edit, as a path under
 * src/lib/server. In the browser the demo's own file (`demos/<id>.ts`) runs, as on the server,
 * with its import of that module resolved to the learner's version: one body for both.
 */
export const DEMO_ENTRIES: Readonly<Record<string, string>> = {
	'cache-aside-read': 'patterns/cache-aside.ts',
	'cache-invalidate': 'patterns/cache-aside.ts',
	'ttl-fixed': 'patterns/ttl.ts',
	'lock-acquire': 'patterns/lock.ts',
	'lock-release': 'patterns/lock.ts',
	'lock-race': 'patterns/lock.ts',
	// The learner edits the fixed window; the demo calls the course's limitRequest, which imports it.
	'rate-limit': 'patterns/fixed-window.ts'
};

export const EDITABLE_DEMOS: readonly string[] = Object.keys(DEMO_ENTRIES);

/** The demo's file, by the path the editable source gives it (src/lib/server/demos/<id>.ts). */
export const demoModule = (id: string) => `demos/${id}.ts`;
