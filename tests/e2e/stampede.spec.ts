import {
	expect,
	expectOutcome,
	open,
	rowsOf,
	run,
	seriousViolations,
	test,
	type DemoWidgets
} from './helpers';

const LESSON = '/learn/stampede/cache-stampede';

/** The comparison table's row for one strategy (and database). */
async function comparisonRow(demo: DemoWidgets, strategy: string, database = 'up') {
	const rows = await rowsOf(demo.result.getByTestId('stampede-comparison'));
	const row = rows.find((r) => r.strategy === strategy && r.database === database);
	expect(row, `a row for ${strategy} (${database}) in ${JSON.stringify(rows)}`).toBeDefined();
	return row!;
}

test('the stampede lab, step by step as "Try it" says', async ({ page }) => {
	test.slow(); // seven bursts of 100 requests, one of them waiting for a failing database
	await open(page, LESSON);

	// 1. none: most of the 100 requests go to the database.
	const none = await run(page, 'stampede', {
		strategy: 'none',
		requests: 100,
		instances: 1,
		database: 'up'
	});
	await expectOutcome(none, 'done');
	await expect(none.result.getByTestId('stampede-timeline')).toBeVisible();
	await expect(none.result.getByTestId('stampede-timeline')).toContainText(/database ×\d+/);
	expect(Number((await comparisonRow(none, 'none'))['db queries'])).toBeGreaterThan(50);
	await expect(none.summary).toContainText(/^none: \d+ database queries for 100 requests/);

	// 2. mutex: exactly one query.
	const mutex = await run(page, 'stampede', { strategy: 'mutex' });
	await expectOutcome(mutex, 'done');
	expect(await comparisonRow(mutex, 'mutex')).toMatchObject({ 'db queries': '1', errors: '0' });
	await expect(mutex.result.getByTestId('stampede-timeline')).toContainText('database ×1');
	await expect(mutex.result.getByTestId('stampede-timeline')).toContainText('cache ×99');
	// The earlier run is still in the comparison.
	expect(Number((await comparisonRow(mutex, 'none'))['db queries'])).toBeGreaterThan(50);

	// 3. single-flight over 4 instances: at most one query each.
	const single = await run(page, 'stampede', { strategy: 'single-flight', instances: 4 });
	const singleRow = await comparisonRow(single, 'single-flight');
	expect(singleRow.instances).toBe('4');
	expect(Number(singleRow['db queries'])).toBeLessThanOrEqual(4);

	// 4. xfetch-locked: one query, nobody waiting.
	const locked = await run(page, 'stampede', { strategy: 'xfetch-locked', instances: 1 });
	await expectOutcome(locked, 'done');
	expect(await comparisonRow(locked, 'xfetch-locked')).toMatchObject({
		'db queries': '1',
		errors: '0'
	});

	// 5. stale-while-revalidate: one reload, every answer stale.
	const swr = await run(page, 'stampede', { strategy: 'stale-while-revalidate' });
	await expectOutcome(swr, 'stale');
	expect(await comparisonRow(swr, 'stale-while-revalidate')).toMatchObject({
		'db queries': '1',
		stale: '100'
	});

	// 6. ... and with a failing database: still served, stale.
	const grace = await run(page, 'stampede', {
		strategy: 'stale-while-revalidate',
		database: 'failing'
	});
	await expectOutcome(grace, 'stale');
	expect(await comparisonRow(grace, 'stale-while-revalidate', 'failing')).toMatchObject({
		stale: '100',
		errors: '0'
	});

	// 7. none with a failing database: every request errors, and the result says why.
	const down = await run(page, 'stampede', { strategy: 'none', database: 'failing' });
	await expectOutcome(down, 'error');
	expect(await comparisonRow(down, 'none', 'failing')).toMatchObject({ errors: '100' });
	await expect(down.entry('messages')).toContainText('the database is down');

	// Seven settings, seven rows.
	await expect(down.result.getByTestId('stampede-comparison').locator('tbody tr')).toHaveCount(7);
});

test('the timeline has a text alternative and a table of every request, reachable by keyboard', async ({
	page
}) => {
	await open(page, LESSON);
	const demo = await run(page, 'stampede', { strategy: 'mutex', requests: 20 });
	const timeline = demo.result.getByTestId('stampede-timeline');
	await expect(timeline.getByRole('img')).toHaveAccessibleDescription(
		/^20 requests, strategy mutex: 1 from database, 19 from cache; 1 database query/
	);
	const details = demo.result.locator('details.stampede-rows');
	const summary = details.locator('summary');
	await summary.focus();
	await page.keyboard.press('Enter');
	await expect(details.locator('tbody tr')).toHaveCount(20);
	// The demo with its timeline, legend, table and comparison: no serious axe violation.
	expect(await seriousViolations(page, 'section[data-demo="stampede"]')).toEqual([]);
	await expect(details.locator('tbody tr').first().locator('td').nth(2)).toHaveText(
		/database|cache/
	);
});
