// Runs in the 'no-js' project only: the pattern editor needs JavaScript, and says so.
import { demoOf, expect, open, test } from './helpers';

test.beforeEach(({ javaScriptEnabled }) => {
	expect(javaScriptEnabled, 'this spec runs in the no-js project').toBe(false);
});

test('an editable demo has no Edit button and says the editor needs JavaScript', async ({
	page
}) => {
	await open(page, '/learn/basic-caching/cache-aside');
	const read = demoOf(page, 'cache-aside-read');
	await expect(read.section.getByText('Editing the code needs JavaScript.')).toBeVisible();
	await expect(read.section.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
	// The course's code is still there to read, highlighted as before.
	await expect(read.section.locator('pre.shiki')).toContainText('TTL_SECONDS = 60');
	await expect(page.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
});

test('a demo that cannot be edited does not mention the editor', async ({ page }) => {
	await open(page, '/learn/foundations/the-data');
	await expect(demoOf(page, 'view-table').section).toBeVisible();
	await expect(page.getByText('Editing the code needs JavaScript.')).toHaveCount(0);
});
