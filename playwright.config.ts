import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Debian's chromium-headless-shell (the same Chromium build without the browser's UI, what
 * Playwright itself runs headless) takes the suite from 6.0 to 4.9 minutes on two cores; the full
 * browser is the fallback. CHROMIUM_PATH chooses another.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
const CHROMIUM =
	process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

// E2E_PORT and BUILD_DIR let two checkouts (or two people) run the suite side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://localhost:${PORT}`;

/** Specs that only make sense with JavaScript switched off (plain form posts). */
const NO_JS_SPECS = /no-js\.spec\.ts$/;

export default defineConfig({
	testDir: 'tests/e2e',
	// Reads the demo catalogue (button labels, fields) for the specs' helpers: about 1 s.
	globalSetup: './tests/e2e/global-setup.ts',
	outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	// Three at a time on two cores: in the headless shell a third worker took the suite from 4.9 to
	// 2.7 minutes (in the full browser it had made it slower: 8.8 against 7.8 min).
	workers: 3,
	reporter: 'list',
	timeout: 30_000,
	expect: { timeout: 5_000 },
	use: {
		baseURL: ORIGIN,
		// Recording a trace of every test costs about a quarter of the run: only on a retry.
		trace: 'on-first-retry',
		launchOptions: {
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{
			name: 'chromium',
			testIgnore: NO_JS_SPECS,
			use: { javaScriptEnabled: true }
		},
		{
			name: 'no-js',
			testMatch: NO_JS_SPECS,
			use: { javaScriptEnabled: false }
		}
	],
	webServer: {
		// The built app (`npm run build` runs first in `npm test`); it starts its own redis-server
		// unless REDIS_URL is set, and stops it on SIGTERM.
		command: 'node scripts/start.js',
		url: `${ORIGIN}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 3_000 },
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN,
			...(process.env.BUILD_DIR ? { BUILD_DIR: process.env.BUILD_DIR } : {}),
			...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {})
		}
	}
});
