// The JavaScript a lesson page loads, gzip KiB, before the pattern editor opens and after: loads the
// built app in Chromium, sums every .js file the page requested, presses Edit under its first
// editable demo, sums again (CodeMirror comes in only then), and once more after Run my version
// (the worker and its TypeScript transform). Figures, not pass/fail.
//
//   node scripts/bench/page-js.js          starts the built app (BUILD_DIR, default build/) itself
//   BASE=http://localhost:3000 node ...    measures a course that is already running
//
// scripts/bench.js can print the same lines with `await printPageJavaScript(BASE)`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const LESSON = '/learn/basic-caching/cache-aside';
/** The lesson's first editable demo. */
const DEMO = 'cache-aside-read';

/** Every .js file in `paths`, read from the build, raw and gzipped (level 9) in bytes. */
function sizeOf(paths) {
	let raw = 0;
	let gz = 0;
	for (const path of paths) {
		const bytes = readFileSync(`${process.env.BUILD_DIR ?? 'build'}/client/${path}`);
		raw += bytes.length;
		gz += gzipSync(bytes, { level: 9 }).length;
	}
	return { raw, gz, files: paths.size };
}

const line = (label, { raw, gz, files }) =>
	`${label.padEnd(42)} ${(gz / 1024).toFixed(1)} KiB gzip (${(raw / 1024).toFixed(1)} KiB raw, ${files} files)`;

/** Loads the lesson, opens its first editor, runs it; prints the page's JavaScript at each step. */
export async function printPageJavaScript(base, lesson = LESSON, demoId = DEMO) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']
	});
	try {
		const files = new Set();
		const page = await browser.newPage();
		page.on('response', (response) => {
			const path = new URL(response.url()).pathname;
			if (path.endsWith('.js')) files.add(path.replace(/^\//, ''));
		});
		await page.goto(`${base}${lesson}`, { waitUntil: 'networkidle' });
		const before = sizeOf(files);
		const demo = page.locator(`section[data-demo="${demoId}"]`);
		await demo.getByRole('button', { name: 'Edit', exact: true }).click();
		await demo.locator('.cm-editor').waitFor();
		await page.waitForLoadState('networkidle');
		const opened = sizeOf(files);
		await demo.getByRole('button', { name: 'Run my version', exact: true }).click();
		await demo.getByTestId('own-run').waitFor({ timeout: 10_000 });
		const ran = sizeOf(files);
		console.log(line('JavaScript of a lesson page', before));
		console.log(line('  … with the pattern editor open', opened));
		console.log(line('  … after Run my version (the worker)', ran));
		return { before, opened, ran };
	} finally {
		await browser.close();
	}
}

async function waitForServer(base) {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`the course did not start at ${base}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (process.env.BASE) {
		await printPageJavaScript(process.env.BASE);
	} else {
		const port = process.env.BENCH_PORT ?? '4392';
		const base = `http://localhost:${port}`;
		// The built course with its own redis-server, stopped with it (SIGTERM).
		const app = spawn('node', ['scripts/start.js'], {
			env: { ...process.env, PORT: port, ORIGIN: base },
			stdio: ['ignore', 'ignore', 'inherit']
		});
		try {
			await waitForServer(base);
			await printPageJavaScript(base);
		} finally {
			await new Promise((resolve) => {
				app.once('exit', resolve);
				app.kill('SIGTERM');
			});
		}
	}
}
