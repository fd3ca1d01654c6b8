import { expect, expectOutcome, LESSONS, open, run, seriousViolations, test } from './helpers';

test('the home page has no serious or critical axe violation', async ({ page }) => {
	await open(page, '/');
	expect(await seriousViolations(page)).toEqual([]);
});

// The header, outline and console dock are the same on every lesson: the whole page is checked
// below (cache-aside, after its demos ran) and in dark-mode.spec.ts; each lesson's own content
// (its <main>) is checked here.
for (const { path } of LESSONS) {
	test(`${path} has no serious or critical axe violation`, async ({ page }) => {
		test.slow(); // long lessons with many demos take axe a while on 2 cores
		await open(page, path);
		expect(await seriousViolations(page, 'main')).toEqual([]);
	});
}

test('the cache-aside page has no serious or critical axe violation after its demos ran', async ({
	page
}) => {
	await open(page, '/learn/basic-caching/cache-aside');
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'miss');
	await expectOutcome(await run(page, 'cache-invalidate', { table: 'inventory' }), 'invalidated');
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'miss');
	expect(await seriousViolations(page)).toEqual([]);
});
