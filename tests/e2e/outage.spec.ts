/**
 * A real Redis stopped and started again under a learner's browser. The spec runs its own
 * redis-server and its own instance of the built course on that server (never the suite's shared
 * one, which other specs use): stopping Redis must not disturb them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	freePort,
	startRedisServer,
	type ServerProcess
} from '../../src/lib/server/redis/server-process';
import {
	demoOf,
	expect,
	expectOutcome,
	newLearner,
	open,
	openConsole,
	replyText,
	run,
	test,
	type DemoWidgets
} from './helpers';

const LESSON = '/learn/basic-caching/cache-aside';
const UNAVAILABLE = 'Redis is unavailable; the course retries on its own.';
const DEGRADED = 'served from the database: Redis is unavailable';
const DRIVER_TEXT = /enableOfflineQueue|Stream isn't writeable|ECONNREFUSED|MaxRetriesPerRequest/;

let redis: ServerProcess;
let app: ChildProcess;
let origin: string;

test.beforeAll(async () => {
	redis = await startRedisServer(
		[
			['save', ''],
			['appendonly', 'no']
		],
		'redis-outage-e2e-'
	);
	const port = await freePort();
	origin = `http://localhost:${port}`;
	app = spawn('node', ['scripts/start.js'], {
		env: {
			...process.env,
			BUILD_DIR: process.env.BUILD_DIR ?? 'build',
			PORT: String(port),
			ORIGIN: origin,
			REDIS_URL: redis.url
		},
		stdio: 'ignore'
	});
	await expect
		.poll(
			() =>
				fetch(`${origin}/api/health`).then(
					(r) => r.status,
					() => 0
				),
			{ timeout: 20_000 }
		)
		.toBe(200);
});

test.afterAll(async () => {
	if (app && app.exitCode === null) {
		const exited = new Promise((resolve) => app.once('exit', resolve));
		app.kill('SIGTERM');
		await exited;
	}
	await redis?.stop();
});

/**
 * Presses the demo's button and waits for its answer: the action's response, then the button
 * enabled again. Returns the outcome shown. (With Redis away the activity log, kept in Redis,
 * cannot grow, so the usual wait on it does not apply.)
 */
async function press(demo: DemoWidgets): Promise<string | null> {
	const answered = demo.page.waitForResponse(
		(response) => response.url().includes('?/demo') && response.request().method() === 'POST'
	);
	await demo.button.click();
	await answered;
	await expect(demo.button).toBeEnabled();
	return demo.outcome.getAttribute('data-outcome');
}

test('Redis stopped under a learner: reads fail open, the rest say one sentence, and it all comes back', async ({
	browser
}) => {
	// Its own fresh instance renders its first lesson page slowly on a loaded machine (14 to 16 s once).
	test.setTimeout(60_000);
	const { context, page } = await newLearner(browser, origin);
	const badge = page.getByTestId('redis-badge');
	await open(page, LESSON);
	const read = demoOf(page, 'cache-aside-read');

	await test.step('with Redis up: Read is a MISS, then a HIT', async () => {
		await expectOutcome(await run(page, read), 'miss');
		await expectOutcome(await run(page, read), 'hit');
	});

	await test.step('Redis killed: Read is DEGRADED, with the rows from SQLite', async () => {
		await redis.shutdown({ crash: true });
		expect(await press(read)).toBe('degraded');
		await expectOutcome(read, 'degraded');
		await expect(read.summary).toHaveText(`inventory: ${DEGRADED}`);
		await expect(read.result.locator('tbody tr')).toHaveCount(10);
		await expect(read.statements).toHaveCount(1);
		await expect(read.commands).toHaveText(['> GET query:inventory']);
		await expect(read.replies).toHaveText([/^\(error\) no connection to Redis/]);
		await expect(read.section).not.toContainText(DRIVER_TEXT);
	});

	await test.step('a write cannot fail open: the one sentence, as an error', async () => {
		const invalidate = demoOf(page, 'cache-invalidate');
		await press(invalidate);
		await expect(invalidate.section.getByRole('alert')).toContainText(UNAVAILABLE);
		await expect(invalidate.section).not.toContainText(DRIVER_TEXT);
	});

	await test.step('the console answers the same sentence', async () => {
		await openConsole(page);
		expect(await replyText(page, 'GET query:inventory')).toBe(`(error) ${UNAVAILABLE}`);
	});

	await test.step('a page loaded now says so in its header', async () => {
		await open(page, LESSON);
		await expect(badge).toContainText('Redis not connected');
		await expect(page.getByRole('banner').getByRole('alert')).toHaveText(
			`Redis is not available. ${UNAVAILABLE}`
		);
		await expect(page.locator('body')).not.toContainText(DRIVER_TEXT);
	});

	await test.step('Redis started again on the same port: within 5 s a Read misses, then hits', async () => {
		await redis.start();
		const started = Date.now();
		await expect.poll(() => press(read), { timeout: 5_000, intervals: [100] }).toBe('miss');
		expect(await press(read)).toBe('hit');
		expect(Date.now() - started).toBeLessThan(5_000);
		await open(page, LESSON);
		await expect(badge).toContainText(/Redis [\d.]+ connected/);
	});

	await context.close();
});
