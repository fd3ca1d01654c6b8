import { demoOf, expect, expectOutcome, open, rowsOf, run, runBlock, test } from './helpers';

const LESSON = '/learn/operations/troubleshooting';

test('troubleshooting, step by step as "Try it" says', async ({ page }) => {
	test.slow(); // two private servers, one stopped and started, one filled with half a million keys
	await open(page, LESSON);

	await test.step('1. the outage: DEGRADED, database, database (Redis unavailable), cache', async () => {
		const demo = await run(page, 'redis-outage');
		await expectOutcome(demo, 'degraded');
		await expect(demo.entry('servedFromDatabase')).toHaveText('true');
		const steps = await rowsOf(demo.table('steps'));
		expect(steps.map((s) => [s.step, s.redis, s['served from'], s.servedFromDatabase])).toEqual([
			['1. read', 'up', 'database', 'true'],
			['2. read', 'stopped', 'database (Redis unavailable)', 'true'],
			['3. read', 'up again', 'cache', 'false']
		]);
		await expect(
			demo.replies.filter({
				hasText: '(error) no connection to Redis: the client did not send the command'
			})
		).toHaveCount(1);
		await expect(demo.statements).toHaveCount(2);
	});

	await test.step('2. the WRONGTYPE block: every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});

	await test.step('3. the slow command: DONE, keys order:* in SLOWLOG GET, the GET not logged', async () => {
		const demo = demoOf(page, 'slowlog');
		await run(page, demo);
		await expectOutcome(demo, 'done');
		const logged = await rowsOf(demo.table('SLOWLOG GET'));
		expect(logged.map((row) => row.command)).toEqual(['keys order:*']);
		expect(Number(logged[0]!['ran for (µs)'])).toBeGreaterThan(10_000);
		await expect(demo.entry('GET order:1 logged')).toHaveText('"no"');
	});
});
