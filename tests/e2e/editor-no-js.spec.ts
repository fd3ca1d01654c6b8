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

test("a fix-the-bug exercise shows the broken code, says fixing needs JavaScript, and shows the course's version", async ({
	page
}) => {
	await open(page, '/learn/real-world/distributed-lock');
	const exercise = page.locator('section[data-exercise="fix-the-lock-release"]');
	await expect(exercise.getByText('Fixing the code needs JavaScript.')).toBeVisible();
	await expect(exercise.locator('pre.plain')).toContainText('await redis.get(key)) !== token');
	await expect(exercise.getByRole('button', { name: 'Check my fix' })).toBeHidden();
	await exercise.getByRole('button', { name: "Show the course's version", exact: true }).click();
	const course = page
		.locator('section[data-exercise="fix-the-lock-release"]')
		.getByTestId('course-version');
	await course.getByText("The course's whole file").click();
	await expect(course).toContainText('runScript(redis, RELEASE, [key], [token])');
});
