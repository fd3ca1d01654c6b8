import { expect, expectOutcome, open, run, seriousViolations, test } from './helpers';

test('the home page has no serious or critical axe violation', async ({ page }) => {
	await open(page, '/');
	expect(await seriousViolations(page)).toEqual([]);
});

// Each lesson's own content is checked in lesson-pages.spec.ts.

test('the cache-aside page has no serious or critical axe violation after its demos ran', async ({
	page
}) => {
	await open(page, '/learn/basic-caching/cache-aside');
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'miss');
	await expectOutcome(await run(page, 'cache-invalidate', { table: 'inventory' }), 'invalidated');
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'miss');
	expect(await seriousViolations(page)).toEqual([]);
});
