import {
	activityEntries,
	background,
	DARK_BG,
	demoOf,
	expect,
	LIGHT_BG,
	expectOutcome,
	open,
	run,
	seriousViolations,
	test
} from './helpers';

const LESSON = '/learn/basic-caching/cold-vs-warm';

// Reading the result (issue 9) is checked on the 20-read run too: the chart before the traces,
// the 80 commands summarised and opened from the keyboard, and axe over all of it, in the light
// scheme and then, with Theme "dark" chosen over a light system scheme, in the dark one (issue 9,
// dark-mode.spec.ts has the rest of the dark scheme).
test('cold vs warm: every cold read misses, every warm read hits, and the speed-up is plotted', async ({
	page
}) => {
	test.setTimeout(120_000); // the demo runs about four seconds a time at the default slow database, and axe twice
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

	await test.step('the chart comes before the traces, within one screen of the button', async () => {
		const button = (await demo.button.boundingBox())!;
		const top = (await chart.boundingBox())!;
		const trace = (await demo.redisTrace.boundingBox())!;
		expect(top.y).toBeLessThan(trace.y);
		expect(top.y - button.y).toBeLessThan(400);
	});

	await test.step('the trace is summarised: count per command, total time, first and last lines', async () => {
		const summary = demo.redisTrace.getByTestId('redis-trace-summary');
		await expect(summary).toContainText(/^80 commands, [\d.]+ ms in all:/);
		await expect(summary).toContainText('GET ×40');
		await expect(summary).toContainText('SET ×20');
		await expect(summary).toContainText('DEL ×20');
		await expect(summary.locator('.peek-line')).toHaveCount(6);
		await expect(summary.locator('.peek-line').first()).toHaveText('> DEL cold-vs-warm:product:1');
		await expect(summary).toContainText('… 74 more commands …');
		// The whole list is there, folded.
		await expect(demo.commands).toHaveCount(80);
		await expect(demo.commands.first()).toBeHidden();
	});

	await test.step('the SQL trace too: 20 statements summarised', async () => {
		const summary = demo.sqlTrace.getByTestId('sql-trace-summary');
		await expect(summary).toContainText(/^20 statements, [\d.]+ ms in all/);
		await expect(summary).toContainText('SELECT ×20');
		await expect(demo.statements.first()).toBeHidden();
	});

	await test.step('the full list opens from the keyboard', async () => {
		const toggle = demo.redisTrace.locator('summary');
		await expect(toggle).toHaveText('Show all 80 commands with their replies');
		await toggle.focus();
		await page.keyboard.press('Enter');
		await expect(demo.commands.first()).toBeVisible();
		await expect(demo.commands.last()).toBeVisible();
	});

	await test.step('the result tables keep their headers on one line', async () => {
		const header = demo.result.locator('th').filter({ hasText: 'warm (ms)' });
		await expect(header).toHaveCSS('white-space', 'nowrap');
		await expect(demo.commands.first()).not.toHaveCSS('word-break', 'break-all');
	});

	await test.step('the counted axis (read number) has whole-number ticks', async () => {
		// The x axis counts reads; the y axis is milliseconds, which may fall between integers.
		const ticks = await chart.locator('svg text.tick-x').allTextContents();
		expect(ticks.length).toBeGreaterThan(3);
		for (const tick of ticks) expect(tick).toMatch(/^-?\d+$/);
	});

	await test.step('the page with the 20-read results and the whole trace open: no serious axe violation', async () => {
		expect(await background(page)).toBe(LIGHT_BG);
		expect(await seriousViolations(page)).toEqual([]);
	});

	await test.step('Theme "dark" makes the page dark, axe-clean with the same results shown', async () => {
		await page.getByLabel('Theme').selectOption('dark');
		await expect.poll(() => background(page)).toBe(DARK_BG);
		await expect(demo.commands.last()).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
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
