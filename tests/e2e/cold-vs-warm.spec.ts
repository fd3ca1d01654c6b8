import { activityEntries, demoOf, expect, expectOutcome, open, run, test } from './helpers';

const LESSON = '/learn/basic-caching/cold-vs-warm';

test('cold vs warm: every cold read misses, every warm read hits, and the speed-up is plotted', async ({
	page
}) => {
	test.slow(); // the demo itself runs for about four seconds at the default slow database
	await open(page, LESSON);
	const demo = demoOf(page, 'cold-vs-warm');
	const chart = demo.result.locator('figure.chart');

	await test.step('1. 20 reads: DONE, a cold and a warm line, 20 misses then 20 hits, 20 SELECTs', async () => {
		await expect(demo.field('reads')).toHaveValue('20');
		await run(page, demo, {}, { timeout: 20_000 });
		await expectOutcome(demo, 'done');
		await expect(chart.locator('svg polyline')).toHaveCount(2);
		await expect(chart.locator('figcaption')).toHaveText(/cold\s*warm/);
		await expect(demo.entry('cold misses')).toHaveText('"20 of 20"');
		await expect(demo.entry('warm hits')).toHaveText('"20 of 20"');
		await expect(demo.statements).toHaveCount(20);
		await expect(
			demo.statements.filter({ hasText: /^SELECT .* FROM inventory WHERE id = \?/ })
		).toHaveCount(20);
	});

	await test.step('2. 50 reads: progress while it runs, reads up to 50, speed-up well above 10', async () => {
		await demo.field('reads').fill('50');
		const entries = activityEntries(page);
		const before = await entries.count();
		await demo.button.click();
		// A run of a few seconds says that it is under way.
		await expect(demo.progress).toBeVisible();
		await expect(entries).toHaveCount(before + 1, { timeout: 20_000 });
		await expectOutcome(demo, 'done');
		await expect(demo.entry('cold misses')).toHaveText('"50 of 50"');
		await expect(demo.entry('warm hits')).toHaveText('"50 of 50"');
		await expect(demo.result.locator('tbody tr')).toHaveCount(50);
		// One point per read on each line.
		await expect(chart.locator('svg polyline')).toHaveCount(2);
		for (const line of await chart.locator('svg polyline').all()) {
			expect((await line.getAttribute('points'))!.trim().split(/\s+/)).toHaveLength(50);
		}
		const speedUp = Number(await demo.entry('speed-up (×)').textContent());
		expect(speedUp).toBeGreaterThan(10);
	});
});
