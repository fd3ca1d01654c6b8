import {
	activityEntries,
	expect,
	expectNoSql,
	expectOutcome,
	newLearner,
	open,
	run,
	stockOfProduct1,
	test,
	ttlSeconds
} from './helpers';

const LESSON = '/learn/basic-caching/cache-aside';

test.describe('cache-aside lesson: Try it', () => {
	test('read misses, then hits; update and invalidate; the next read misses with the new stock', async ({
		page,
		browser,
		baseURL
	}) => {
		await open(page, LESSON);
		let stockAtFirst = 0;

		await test.step('1. Read: MISS, GET then SET, and the SELECT', async () => {
			const read = await run(page, 'cache-aside-read', { table: 'inventory' });
			await expectOutcome(read, 'miss');
			await expect(read.commands).toHaveText([
				'> GET query:inventory',
				/^> SET query:inventory ".+" EX 60$/
			]);
			await expect(read.replies).toHaveText(['(nil)', 'OK']);
			await expect(read.statements).toHaveCount(1);
			await expect(read.statements.first()).toContainText(/SELECT .* FROM inventory/);
			await expect(read.statements.first()).toContainText('10 rows');
			await expect(read.statements.first()).toContainText('includes 50 ms of slow database');
			await expect(read.result.locator('tbody tr')).toHaveCount(10);
			stockAtFirst = await stockOfProduct1(read);
		});

		await test.step('2. Read again: HIT, one GET, no SQL', async () => {
			const read = await run(page, 'cache-aside-read', { table: 'inventory' });
			await expectOutcome(read, 'hit');
			await expect(read.commands).toHaveText(['> GET query:inventory']);
			await expectNoSql(read);
			expect(await stockOfProduct1(read)).toBe(stockAtFirst);
		});

		await test.step('3. Update and invalidate: INVALIDATED, UPDATE then DEL', async () => {
			const invalidate = await run(page, 'cache-invalidate', { table: 'inventory' });
			await expectOutcome(invalidate, 'invalidated');
			await expect(invalidate.statements).toHaveCount(1);
			await expect(invalidate.statements.first()).toContainText(/UPDATE inventory SET stock/);
			await expect(invalidate.commands).toHaveText(['> DEL query:inventory']);
			await expect(invalidate.replies).toHaveText(['(integer) 1']);
		});

		await test.step('4. Read: MISS again, product 1 shows the new stock', async () => {
			const read = await run(page, 'cache-aside-read', { table: 'inventory' });
			await expectOutcome(read, 'miss');
			await expect(read.commands).toHaveText([
				'> GET query:inventory',
				/^> SET query:inventory ".+" EX 60$/
			]);
			await expect(read.statements).toHaveCount(1);
			expect(await stockOfProduct1(read)).toBe(stockAtFirst + 1);
		});

		await test.step('the activity log lists the runs, newest first', async () => {
			const entries = activityEntries(page);
			await expect(entries).toHaveCount(4);
			await expect(entries.locator('[data-outcome]')).toHaveText([
				'MISS',
				'INVALIDATED',
				'HIT',
				'MISS'
			]);
			await expect(entries.nth(0)).toContainText('cache-aside-read');
			await expect(entries.nth(1)).toContainText('cache-invalidate');
			await expect(entries.nth(2)).toContainText('cache-aside-read');
			await expect(entries.nth(3)).toContainText('cache-aside-read');
			// Each run handed back only its own entry (the page's log was current); the server's
			// log, loaded again, is the one the page built.
			const shown = await entries.allTextContents();
			await page.reload();
			await expect(activityEntries(page)).toHaveText(shown);
		});

		await test.step('5. another learner (a new browser context) starts cold', async () => {
			const other = await newLearner(browser, baseURL);
			try {
				await open(other.page, LESSON);
				await expect(activityEntries(other.page)).toHaveCount(0);
				const read = await run(other.page, 'cache-aside-read', { table: 'inventory' });
				await expectOutcome(read, 'miss');
				// Their database is their own too: product 1 still has the seeded stock.
				expect(await stockOfProduct1(read)).toBe(stockAtFirst);
			} finally {
				await other.context.close();
			}
		});
	});

	test('the key touched is shown with its TTL, counting down from 60 s', async ({ page }) => {
		await open(page, LESSON);
		const read = await run(page, 'cache-aside-read', { table: 'inventory' });
		await expectOutcome(read, 'miss');
		await expect(read.keyTtls.locator('li')).toHaveCount(1);
		await expect(read.ttl('query:inventory')).toHaveCount(1);

		const first = await ttlSeconds(read, 'query:inventory');
		expect(first).toBeLessThanOrEqual(60);
		expect(first).toBeGreaterThan(50);
		// Within a second or so the countdown shows less time left.
		await expect
			.poll(() => ttlSeconds(read, 'query:inventory'), { timeout: 3_000, intervals: [250] })
			.toBeLessThan(first);
	});
});
