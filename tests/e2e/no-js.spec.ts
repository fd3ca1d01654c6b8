// Runs in the 'no-js' project only (javaScriptEnabled: false): every demo is a plain form post
// and the server renders the result into the page.
import {
	activityEntries,
	expect,
	expectNoSql,
	expectOutcome,
	open,
	run,
	stockOfProduct1,
	test
} from './helpers';

test.beforeEach(({ javaScriptEnabled }) => {
	expect(javaScriptEnabled, 'this spec runs in the no-js project').toBe(false);
});

test('cache-aside without JavaScript: MISS, HIT, INVALIDATED, MISS', async ({ page }) => {
	await open(page, '/learn/basic-caching/cache-aside');

	const miss = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(miss, 'miss');
	await expect(miss.commands).toHaveText([
		'> GET query:inventory',
		/^> SET query:inventory ".+" EX 60$/
	]);
	await expect(miss.statements).toHaveCount(1);
	await expect(miss.keyTtls).toContainText('query:inventory');
	const stockAtFirst = await stockOfProduct1(miss);

	const hit = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(hit, 'hit');
	await expect(hit.commands).toHaveText(['> GET query:inventory']);
	await expectNoSql(hit);

	const invalidate = await run(page, 'cache-invalidate', { table: 'inventory' });
	await expectOutcome(invalidate, 'invalidated');
	await expect(invalidate.statements.first()).toContainText('UPDATE inventory');
	await expect(invalidate.commands).toHaveText(['> DEL query:inventory']);

	const again = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(again, 'miss');
	expect(await stockOfProduct1(again)).toBe(stockAtFirst + 1);

	await expect(activityEntries(page).locator('[data-outcome]')).toHaveText([
		'MISS',
		'INVALIDATED',
		'HIT',
		'MISS'
	]);
});

test('write-through without JavaScript: WRITE, then HIT with the new stock', async ({ page }) => {
	await open(page, '/learn/basic-caching/write-through');

	const write = await run(page, 'write-through-write', { table: 'inventory' });
	await expectOutcome(write, 'write');
	await expect(write.statements).toHaveCount(2);
	await expect(write.commands).toHaveText([/^> SET query:inventory ".+" EX 60$/]);
	const written = await stockOfProduct1(write);

	const read = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(read, 'hit');
	await expectNoSql(read);
	expect(await stockOfProduct1(read)).toBe(written);
});

test('settings without JavaScript: Slow database and Reset my sandbox are plain forms', async ({
	page,
	context
}) => {
	await open(page, '/learn/foundations/the-data');
	await page.getByLabel('Slow database').selectOption('200');
	await page.getByRole('button', { name: 'Set', exact: true }).click();
	await expect(page).toHaveURL('/learn/foundations/the-data');
	await expect(page.getByLabel('Slow database')).toHaveValue('200');
	expect((await context.cookies()).find((c) => c.name === 'slow-db')?.value).toBe('200');

	const view = await run(page, 'view-table', { table: 'inventory' });
	await expectOutcome(view, 'read');
	await expect(view.statements.first()).toContainText('includes 200 ms of slow database');

	await page.getByRole('button', { name: 'Reset my sandbox' }).click();
	await page.getByRole('button', { name: 'Yes, reset' }).click();
	await expect(page).toHaveURL('/learn/foundations/the-data');
	await expect(activityEntries(page)).toHaveCount(0);
});
