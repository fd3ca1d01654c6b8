/**
 * Reading without JavaScript (issue 9): a demo post lands on its result, long traces fold in a
 * plain <details>, the console says it needs JavaScript, blocks say how to run them, reset asks
 * first, and the Theme setting is a plain form.
 */
import { expect, expectOutcome, open, run, test } from './helpers';

const CACHE_ASIDE = '/learn/basic-caching/cache-aside';
const COLD_VS_WARM = '/learn/basic-caching/cold-vs-warm';
const WHY_REDIS = '/learn/foundations/why-redis';

test('a demo post lands on that demo’s result', async ({ page }) => {
	await open(page, CACHE_ASIDE);
	const read = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(read, 'miss');
	expect(new URL(page.url()).hash).toBe('#cache-aside-read-output');
	await expect(read.outcome).toBeInViewport();
});

test('a long trace is summarised and opens without JavaScript', async ({ page }) => {
	test.slow();
	await open(page, COLD_VS_WARM);
	const demo = await run(page, 'cold-vs-warm', {}, { timeout: 20_000 });
	await expect(demo.redisTrace.getByTestId('redis-trace-summary')).toContainText(/^80 commands/);
	await expect(demo.commands.first()).toBeHidden();
	await demo.redisTrace.locator('summary').click();
	await expect(demo.commands.first()).toBeVisible();
});

test('the console says it needs JavaScript; blocks say how to run their lines', async ({
	page
}) => {
	await open(page, WHY_REDIS);
	await expect(page.getByRole('button', { name: 'Redis console' })).toBeHidden();
	await expect(page.getByText('The Redis console needs JavaScript.')).toBeVisible();
	const block = page.getByTestId('redis-block').first();
	await expect(block.getByRole('button', { name: 'Run' })).toHaveCount(0);
	await expect(block).toContainText('Run needs JavaScript: type these lines in redis-cli');
});

test('reset asks first, then says what it did', async ({ page }) => {
	await open(page, CACHE_ASIDE);
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'miss');
	await page.getByRole('button', { name: 'Reset my sandbox' }).click();
	await expect(page).toHaveURL(CACHE_ASIDE);
	await expect(page.getByText('Remove all your keys and restore your database?')).toBeVisible();
	await page.getByRole('button', { name: 'Yes, reset' }).click();
	await expect(page).toHaveURL(CACHE_ASIDE);
	await expect(page.getByTestId('reset-notice')).toHaveText(
		/^Sandbox reset: [1-9]\d* keys? removed, database restored\.$/
	);
	// Shown once: the next page has no notice.
	await page.reload();
	await expect(page.getByTestId('reset-notice')).toHaveCount(0);
});

test('Theme is a plain form too', async ({ page, context }) => {
	await open(page, CACHE_ASIDE);
	const theme = page.locator('form[action="/sandbox?/theme"]');
	await theme.getByLabel('Theme').selectOption('dark');
	await theme.getByRole('button', { name: 'Set theme' }).click();
	await expect(page).toHaveURL(CACHE_ASIDE);
	expect((await context.cookies()).find((c) => c.name === 'theme')?.value).toBe('dark');
	await expect(page.locator('[data-theme="dark"]')).toHaveCount(1);
	expect(
		await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
	).toBe('rgb(13, 17, 23)');
});
