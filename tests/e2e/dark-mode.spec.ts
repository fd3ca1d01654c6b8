/**
 * The dark colour scheme (issue 9): the page follows prefers-color-scheme, a Theme setting kept
 * per learner overrides it, and the pages are axe-clean in both schemes with results shown.
 */
import { background, DARK_BG, expect, LIGHT_BG, open, seriousViolations, test } from './helpers';

const CACHE_ASIDE = '/learn/basic-caching/cache-aside';

test.describe('with a dark system scheme', () => {
	test.use({ colorScheme: 'dark' });

	test('the whole page is dark, not only the console', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		expect(await background(page)).toBe(DARK_BG);
		const panel = await page
			.locator('section.demo')
			.first()
			.evaluate((el) => getComputedStyle(el).backgroundColor);
		expect(panel).not.toBe('rgb(246, 248, 250)');
	});

	test('the home page has no serious or critical axe violation', async ({ page }) => {
		await open(page, '/');
		expect(await seriousViolations(page)).toEqual([]);
	});

	// A lesson with results shown, in the dark: the Theme "dark" step of cold-vs-warm.spec.ts.
	// Both ways to the dark scheme set color-scheme: dark, which is all the palette
	// (light-dark()) reads.

	test('Theme "light" wins over the system and is kept for the learner', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		// The page turns light at once; the reload must wait until the server has kept the choice.
		const stored = page.waitForResponse(
			(r) => r.url().includes('/sandbox?/theme') && r.request().method() === 'POST'
		);
		await page.getByLabel('Theme').selectOption('light');
		await expect.poll(() => background(page)).toBe(LIGHT_BG);
		expect((await stored).ok()).toBe(true);
		await page.reload();
		expect(await background(page)).toBe(LIGHT_BG);
		await expect(page.getByLabel('Theme')).toHaveValue('light');
		await page.getByLabel('Theme').selectOption('system');
		await expect.poll(() => background(page)).toBe(DARK_BG);
	});
});

// With a light system scheme, Theme "dark" makes the page dark and axe-clean with long results
// shown: cold-vs-warm.spec.ts, on its 20-read run with the whole trace open, right after the same
// page passed axe in the light scheme.
