import type { BrowserContext, Page } from '@playwright/test';
import { expect, expectOutcome, open, run, test, totalMs, waitForHydration } from './helpers';

const LESSON = '/learn/foundations/the-data';

/** Picks a Slow database setting in the header; it submits itself and is kept in a cookie. */
async function setSlowDb(page: Page, context: BrowserContext, ms: 0 | 50 | 200) {
	const select = page.getByLabel('Slow database');
	// The form posts to /sandbox, which redirects back here; the page then reloads its data.
	const reloaded = page.waitForResponse(
		(r) => r.url().includes('/__data.json') && r.request().method() === 'GET'
	);
	await select.selectOption(String(ms));
	await reloaded;
	await expect
		.poll(async () => (await context.cookies()).find((c) => c.name === 'slow-db')?.value)
		.toBe(String(ms));
	await expect(select).toHaveValue(String(ms));
}

test('view-table: the sales view is a READ of the three-table join', async ({ page }) => {
	await open(page, LESSON);
	const view = await run(page, 'view-table', { table: 'sales' });
	await expectOutcome(view, 'read');
	await expect(view.redisTrace).toContainText('No Redis command was sent');
	await expect(view.commands).toHaveCount(0);
	await expect(view.statements).toHaveCount(1);
	const statement = view.statements.first();
	await expect(statement).toContainText('FROM sales s');
	await expect(statement).toContainText('JOIN inventory p ON p.id = s.product_id');
	await expect(statement).toContainText('JOIN customers c ON c.id = s.customer_id');
	await expect(statement).toContainText('ORDER BY s.sale_date DESC');
	await expect(statement).toContainText('20 rows');
	await expect(view.result.locator('tbody tr')).toHaveCount(20);
	await expect(view.result.locator('thead th')).toContainText(['product', 'customer', 'city']);
});

test('Slow database at 200 ms is added to the SQL and the total time, and persists', async ({
	page,
	context
}) => {
	await open(page, LESSON);
	await expect(page.getByLabel('Slow database')).toHaveValue('50');

	await test.step('at 0 ms nothing is added', async () => {
		await setSlowDb(page, context, 0);
		const view = await run(page, 'view-table', { table: 'sales' });
		await expectOutcome(view, 'read');
		await expect(view.statements.first()).not.toContainText('slow database');
	});

	await test.step('at 200 ms the SQL trace shows it and the total is at least 200 ms', async () => {
		await setSlowDb(page, context, 200);
		await page.reload();
		await waitForHydration(page);
		await expect(page.getByLabel('Slow database')).toHaveValue('200');

		const view = await run(page, 'view-table', { table: 'sales' });
		await expectOutcome(view, 'read');
		await expect(view.statements.first()).toContainText('includes 200 ms of slow database');
		expect(await totalMs(view)).toBeGreaterThanOrEqual(200);
	});

	await test.step('set it back to the default 50 ms', async () => {
		await setSlowDb(page, context, 50);
		const view = await run(page, 'view-table', { table: 'sales' });
		await expect(view.statements.first()).toContainText('includes 50 ms of slow database');
	});
});
