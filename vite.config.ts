import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/integration/global-setup.ts'],
		setupFiles: ['tests/integration/setup.ts'],
		// Most integration tests wait on Redis, a lab server or a clock: four files at a time
		// finish in less than half the time of one at a time on two cores.
		maxWorkers: 4,
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
