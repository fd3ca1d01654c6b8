import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
	LESSONS,
	activityEntries,
	demoOf,
	expect,
	expectOutcome,
	open,
	run,
	stockOfProduct1,
	test,
	waitForHydration
} from './helpers';

const CACHE_ASIDE = '/learn/basic-caching/cache-aside';

const outline = (page: Page) => page.getByRole('navigation', { name: 'Course outline' });

test.describe('home page', () => {
	test('the outline lists the lessons in order, with their minutes', async ({ page }) => {
		await open(page, '/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const nav = outline(page);
		// Chapters are numbered by their folder (content/NN-chapter), titled by its name.
		const chapters = [...new Set(LESSONS.map(({ path }) => path.split('/')[2]!))];
		const numbers = readdirSync('content').sort();
		await expect(nav.getByRole('heading')).toHaveText(
			chapters.map((slug) => {
				const number = Number(numbers.find((dir) => dir.endsWith(`-${slug}`))!.split('-')[0]);
				return `${number}. ${slug.charAt(0).toUpperCase()}${slug.slice(1).replace(/-/g, ' ')}`;
			})
		);
		// Each chapter ends with its quiz, listed after its lessons.
		await expect(nav.getByTestId('outline-quiz')).toHaveCount(chapters.length);
		const links = nav.locator('li:not([data-testid="outline-quiz"])').getByRole('link');
		await expect(links).toHaveText(
			LESSONS.map(({ title, minutes }) => new RegExp(`^\\s*${title}\\s*${minutes} min\\s*$`))
		);
		for (const [i, lesson] of LESSONS.entries()) {
			await expect(links.nth(i)).toHaveAttribute('href', lesson.path);
		}
		await expect(
			page.getByText(`0 of ${LESSONS.length} lessons done`, { exact: true })
		).toBeVisible();
		await expect(page.getByRole('link', { name: /^Start: Why Redis/ })).toHaveAttribute(
			'href',
			LESSONS[0]!.path
		);
	});

	test('the header says Redis is connected', async ({ page }) => {
		await open(page, '/');
		await expect(page.getByRole('status')).toContainText(/Redis 7[\d.]* connected/);
	});
});

test.describe('lesson pages', () => {
	test('have breadcrumbs', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cache-aside');
		const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('listitem');
		await expect(crumbs).toHaveText(['Course', 'Basic caching', 'Cache-aside']);
		await expect(crumbs.last()).toHaveAttribute('aria-current', 'page');
		await expect(crumbs.first().getByRole('link')).toHaveAttribute('href', '/');
		await expect(outline(page).getByRole('link', { name: /Cache-aside/ })).toHaveAttribute(
			'aria-current',
			'page'
		);

		await crumbs.first().getByRole('link').click();
		await expect(page).toHaveURL('/');
	});

	// The Prev and Next links walking the whole course: lesson-pages.spec.ts, which checks each
	// lesson on the way.

	test('each demo shows the real pattern module that ran, highlighted, once per page', async ({
		page
	}) => {
		await open(page, '/learn/basic-caching/cache-aside');
		const source = demoOf(page, 'cache-aside-read').section.locator('.source');
		await expect(source.locator('summary')).toContainText('src/lib/server/patterns/cache-aside.ts');
		// The file as it is on disk, not a copy: its text, token-coloured by shiki.
		const file = readFileSync('src/lib/server/patterns/cache-aside.ts', 'utf8');
		await expect(source.locator('pre.shiki')).toHaveText(file.trimEnd(), { useInnerText: true });
		expect(await source.locator('pre.shiki span[style*="color"]').count()).toBeGreaterThan(20);
		// The second demo runs the same module: it points back instead of repeating it.
		const second = demoOf(page, 'cache-invalidate').section.locator('.source');
		await expect(second).toContainText('src/lib/server/patterns/cache-aside.ts');
		await expect(second.locator('pre')).toHaveCount(0);
		await expect(second.getByRole('link')).toHaveAttribute('href', '#cache-aside-read-source');
	});

	test('an unknown lesson is a 404 page', async ({ page }) => {
		for (const path of [
			'/learn/basic-caching/no-such-lesson',
			'/learn/no-such-chapter/cache-aside'
		]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('404');
			await expect(page.getByText('There is no lesson')).toBeVisible();
		}
	});
});

test('Mark as done persists, and shows in the outline and on the home page', async ({ page }) => {
	await open(page, CACHE_ASIDE);
	const current = outline(page).getByRole('link', { name: /Cache-aside/ });
	await expect(current).not.toContainText('(done)');

	await page.getByRole('button', { name: 'Mark as done' }).click();
	const undo = page.getByRole('button', { name: '✓ Done (undo)' });
	await expect(undo).toBeVisible();
	await expect(undo).toHaveAttribute('aria-pressed', 'true');
	// The outline follows once the server has stored it.
	await expect(current).toContainText('(done)');
	await expect(current).toContainText('✓');

	await page.reload();
	await waitForHydration(page);
	await expect(page.getByRole('button', { name: '✓ Done (undo)' })).toBeVisible();
	await expect(current).toContainText('(done)');

	await open(page, '/');
	await expect(
		page.getByText(`1 of ${LESSONS.length} lessons done`, { exact: true })
	).toBeVisible();
	await expect(outline(page).getByRole('link', { name: /Cache-aside/ })).toContainText('(done)');
	await expect(outline(page).getByRole('link', { name: /Why Redis/ })).not.toContainText('(done)');

	// Undo takes it back.
	await open(page, CACHE_ASIDE);
	await page.getByRole('button', { name: '✓ Done (undo)' }).click();
	await expect(page.getByRole('button', { name: 'Mark as done' })).toBeVisible();
	await expect(current).not.toContainText('(done)');
	await open(page, '/');
	await expect(
		page.getByText(`0 of ${LESSONS.length} lessons done`, { exact: true })
	).toBeVisible();
});

test('Reset my sandbox: the next Read is a MISS again, on the seeded data', async ({ page }) => {
	await open(page, CACHE_ASIDE);
	const first = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(first, 'miss');
	const seeded = await stockOfProduct1(first);
	await expectOutcome(await run(page, 'cache-invalidate', { table: 'inventory' }), 'invalidated');
	const changed = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(changed, 'miss');
	expect(await stockOfProduct1(changed)).toBe(seeded + 1);
	await expectOutcome(await run(page, 'cache-aside-read', { table: 'inventory' }), 'hit');

	const reloaded = page.waitForResponse(
		(r) => r.url().includes('/__data.json') && r.request().method() === 'GET'
	);
	await page.getByRole('button', { name: 'Reset my sandbox' }).click();
	await page.getByRole('button', { name: 'Yes, reset' }).click();
	await reloaded;
	await expect(page).toHaveURL(CACHE_ASIDE);
	await expect(activityEntries(page)).toHaveCount(0);

	const after = await run(page, 'cache-aside-read', { table: 'inventory' });
	await expectOutcome(after, 'miss');
	expect(await stockOfProduct1(after)).toBe(seeded);
});

test.describe('on a phone (390x844)', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the outline is collapsible and the demo is usable', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		const summary = page.locator('details > summary', { hasText: 'Course outline' });
		await expect(summary).toBeVisible();
		const firstLesson = outline(page).getByRole('link').first();
		// Folded away once the page is interactive; the summary opens and closes it.
		await expect(firstLesson).toBeHidden();
		await summary.click();
		await expect(firstLesson).toBeVisible();
		await summary.click();
		await expect(firstLesson).toBeHidden();

		const read = demoOf(page, 'cache-aside-read');
		await read.section.scrollIntoViewIfNeeded();
		const box = await read.button.boundingBox();
		expect(box).not.toBeNull();
		expect(box!.x).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);
		await run(page, 'cache-aside-read', { table: 'inventory' });
		await expectOutcome(read, 'miss');
		await expect(read.result.locator('tbody tr')).toHaveCount(10);

		// Nothing forces the page to scroll sideways.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
	});
});

test('keyboard: the demo form is submitted with Enter on its button', async ({ page }) => {
	await open(page, CACHE_ASIDE);
	const read = demoOf(page, 'cache-aside-read');
	await read.field('table').focus();
	await page.keyboard.press('Tab');
	await expect(read.button).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(activityEntries(page)).toHaveCount(1);
	await expectOutcome(read, 'miss');

	await read.button.focus();
	await page.keyboard.press('Enter');
	await expect(activityEntries(page)).toHaveCount(2);
	await expectOutcome(read, 'hit');
});
