import { activityEntries, expect, open, test } from './helpers';

const LESSON = '/learn/basic-caching/cold-vs-warm';

test('cold vs warm: every cold read misses, every warm read hits, and the speed-up is plotted', async ({
	page
}) => {
	test.slow(); // the demo itself runs for about four seconds at the default slow database
	await open(page, LESSON);
	const section = page.locator('section[data-demo="cold-vs-warm"]');
	const output = section.getByTestId('demo-output');
	const result = output.getByTestId('demo-result');
	const button = section.getByRole('button', { name: 'Run the reads', exact: true });
	const entry = (name: string) => result.locator(`dt:text-is("${name}") + dd`);
	const chart = result.locator('figure.chart');

	async function run() {
		const entries = activityEntries(page);
		const before = await entries.count();
		await button.click();
		await expect(entries).toHaveCount(before + 1, { timeout: 20_000 });
		await expect(button).toBeEnabled();
		await expect(output.locator('[data-outcome]')).toHaveText('DONE');
		await expect(output.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'done');
	}

	await test.step('1. 20 reads: DONE, a cold and a warm line, 20 misses then 20 hits, 20 SELECTs', async () => {
		await expect(section.getByLabel('Reads')).toHaveValue('20');
		await run();
		await expect(chart.locator('svg polyline')).toHaveCount(2);
		await expect(chart.locator('figcaption')).toHaveText(/cold\s*warm/);
		await expect(entry('cold misses')).toHaveText('"20 of 20"');
		await expect(entry('warm hits')).toHaveText('"20 of 20"');
		const statements = output.getByTestId('sql-trace').locator('li');
		await expect(statements).toHaveCount(20);
		await expect(
			statements.filter({ hasText: /^SELECT .* FROM inventory WHERE id = \?/ })
		).toHaveCount(20);
	});

	await test.step('2. 50 reads: progress while it runs, reads up to 50, speed-up well above 10', async () => {
		await section.getByLabel('Reads').fill('50');
		const entries = activityEntries(page);
		const before = await entries.count();
		await button.click();
		// A run of a few seconds says that it is under way.
		await expect(output.locator('progress')).toBeVisible();
		await expect(entries).toHaveCount(before + 1, { timeout: 20_000 });
		await expect(output.locator('[data-outcome]')).toHaveText('DONE');
		await expect(entry('cold misses')).toHaveText('"50 of 50"');
		await expect(entry('warm hits')).toHaveText('"50 of 50"');
		await expect(result.locator('tbody tr')).toHaveCount(50);
		// One point per read on each line.
		for (const line of await chart.locator('svg polyline').all()) {
			expect((await line.getAttribute('points'))!.trim().split(/\s+/)).toHaveLength(50);
		}
		const speedUp = Number(await entry('speed-up (×)').textContent());
		expect(speedUp).toBeGreaterThan(10);
	});
});
