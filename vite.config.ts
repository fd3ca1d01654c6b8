import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Test files that need a module graph of their own: they point the course at a Redis of their
 * own before it first connects (REDIS_URL, REDIS_CLUSTER_NODES), start built servers, or start
 * lab servers, whose bound is counted in a module (a lab another file left running for its idle
 * time would take a place). The rest share one graph per worker: importing the course once per
 * worker instead of once per file saves about two thirds of the run's import time.
 */
const ISOLATED = [
	'advanced-caching', 'api-run', 'cluster', 'command-docs', 'command-table', 'demo-failures',
	'demo-fuzz', 'editor-runtime', 'fix-the-bug', 'health', 'hostile-cluster', 'instances',
	'lab-bounds', 'lab-session', 'labs', 'operations-*', 'reading-order', 'redis-frozen', 'redis-outage',
	'sandbox', 'server-lifecycle', 'shutdown'
].map((name) => `tests/integration/${name}.test.ts`); // prettier-ignore
const ALL = ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'];

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		globalSetup: ['tests/integration/global-setup.ts'],
		setupFiles: ['tests/integration/setup.ts'],
		// Most integration tests wait on Redis, a lab server or a clock: four files at a time
		// finish in less than half the time of one at a time on two cores.
		maxWorkers: 4,
		testTimeout: 20_000,
		hookTimeout: 30_000,
		projects: [
			{ extends: true, test: { name: 'isolated', include: ISOLATED } },
			{ extends: true, test: { name: 'shared', include: ALL, exclude: ISOLATED, isolate: false } }
		]
	}
});
