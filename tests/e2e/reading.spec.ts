/**
 * Reading a lesson (issue 9, what a learner meets): results before traces, long traces and key
 * lists summarised and opened on demand, the keyboard, the console dock, a phone, reset, the
 * words the widgets use, and the course shell (chapter numbers, course time, favicon).
 */
import {
	demoOf,
	dockOf,
	expect,
	expectOutcome,
	LESSONS,
	open,
	openConsole,
	openKeys,
	run,
	test,
	type
} from './helpers';

const CACHE_ASIDE = '/learn/basic-caching/cache-aside';
const TTL = '/learn/invalidation/ttl-and-expiry';
const RATE_LIMITING = '/learn/real-world/rate-limiting';
const PUB_SUB = '/learn/real-world/pub-sub';

test.describe('results lead, long traces are summarised', () => {
	// Cold vs warm's chart before its 80 summarised commands: cold-vs-warm.spec.ts, on its run.

	test('a short trace is listed in full, with no summary', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		const read = await run(page, 'cache-aside-read', { table: 'inventory' });
		await expect(read.redisTrace.getByTestId('redis-trace-summary')).toHaveCount(0);
		await expect(read.commands.first()).toBeVisible();
		await expect(read.redisTrace.locator('details')).toHaveCount(0);
	});

	test('ttl-jitter: 200 commands and 100 touched keys are both summarised', async ({ page }) => {
		await open(page, TTL);
		const demo = await run(page, 'ttl-jitter');
		await expect(demo.redisTrace.getByTestId('redis-trace-summary')).toContainText(/^200 commands/);
		const keys = demo.keyTtls.getByTestId('key-ttls-summary');
		await expect(keys).toContainText(/^100 keys: 100 with a TTL of \d+ s to \d+ s/);
		await expect(demo.keyTtls.locator('li').first()).toBeHidden();
		await demo.keyTtls.getByText('Show all 100 keys and their TTLs').click();
		await expect(demo.keyTtls.locator('li')).toHaveCount(100);
		await expect(demo.keyTtls.locator('li').first()).toBeVisible();
		// The chart sits right under the button, not 20,000 px below it.
		const chart = (await demo.result.locator('figure.chart').boundingBox())!;
		const button = (await demo.button.boundingBox())!;
		expect(chart.y - button.y).toBeLessThan(400);
	});

	test('rate-limit burst: DONE, the chart is drawn and counts requests in whole numbers', async ({
		page
	}) => {
		await open(page, RATE_LIMITING);
		const demo = await run(page, 'rate-limit-burst', {}, { timeout: 20_000 });
		await expectOutcome(demo, 'done');
		await expect(demo.result.locator('svg[role="img"]')).toBeVisible();
		await expect(demo.table('algorithms').locator('tbody tr')).toHaveCount(4);
		const yTicks = demo.result.locator('figure.chart svg text[text-anchor="end"]');
		const labels = await yTicks.allTextContents();
		expect(labels.length).toBeGreaterThan(2);
		for (const label of labels) expect(label).toMatch(/^\d+$/);
	});
});

test.describe('keyboard', () => {
	test('after a run the focus stays on its button and the outcome is announced', async ({
		page
	}) => {
		await open(page, CACHE_ASIDE);
		const demo = demoOf(page, 'cache-aside-read');
		await demo.button.focus();
		await page.keyboard.press('Enter');
		const announcement = demo.section.getByTestId('demo-announcement');
		await expect(announcement).toHaveText(/^(MISS|HIT): .+ ms\.$/);
		await expect(announcement).toHaveAttribute('role', 'status');
		await expect(demo.button).toBeFocused();
		// The second run, from the keyboard again, without moving.
		await page.keyboard.press('Enter');
		await expect(announcement).toHaveText(/^HIT: /);
		await expect(demo.button).toBeFocused();
		// The output itself is not a live region: a 200-line trace is never read out.
		await expect(demo.section.getByTestId('demo-output')).not.toHaveAttribute('aria-live', /.*/);
	});

	test('the skip link lands on the lesson heading', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to the lesson' });
		await expect(skip).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1, name: 'Cache-aside' })).toBeFocused();
	});

	test('Escape closes the console from anywhere in the dock', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		const dock = await openConsole(page);
		await dock.keysTab.click();
		await expect(dock.keysTab).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(dock.toggle).toHaveAttribute('aria-expanded', 'false');
		await expect(dock.toggle).toBeFocused();
	});

	test('the console shortcut works as soon as the page is there', async ({ page }) => {
		await page.goto(CACHE_ASIDE, { waitUntil: 'commit' });
		await page.locator('h1').waitFor({ state: 'attached' });
		await page.keyboard.press('Control+Backquote');
		await expect(dockOf(page).toggle).toHaveAttribute('aria-expanded', 'true');
		await expect(dockOf(page).input).toBeVisible();
	});
});

test.describe('the console dock', () => {
	test('the open dock never hides the end of the lesson, and it can be resized', async ({
		page
	}) => {
		await open(page, CACHE_ASIDE);
		const dock = await openConsole(page);
		const panel = page.locator('#console-panel');
		const before = (await panel.boundingBox())!.height;

		await test.step('resized from the keyboard: ↑ makes it taller, ↓ shorter', async () => {
			const handle = page.getByRole('separator', { name: 'Resize the console' });
			await handle.focus();
			await page.keyboard.press('ArrowUp');
			await page.keyboard.press('ArrowUp');
			await expect.poll(async () => (await panel.boundingBox())!.height).toBe(before + 48);
			await page.keyboard.press('ArrowDown');
			await expect.poll(async () => (await panel.boundingBox())!.height).toBe(before + 24);
		});

		await test.step('scrolled to the end, the pager stands above the dock', async () => {
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			const pager = page.getByRole('navigation', { name: 'Previous and next lessons' });
			const dockTop = (await page.locator('.dock').boundingBox())!.y;
			await expect
				.poll(async () => {
					const box = (await pager.boundingBox())!;
					return box.y + box.height;
				})
				.toBeLessThanOrEqual(dockTop);
		});
		await expect(dock.input).toBeVisible();
	});
});

test.describe('on a phone (390x844, touch)', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('the header is one short row; the settings open under it; no keyboard hint', async ({
		page
	}) => {
		await open(page, CACHE_ASIDE);
		const header = page.locator('body header').first();
		expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
		const slowDb = page.getByLabel('Slow database');
		await expect(slowDb).toBeHidden();
		const settings = page.getByRole('button', { name: 'Settings' });
		await settings.click();
		await expect(settings).toHaveAttribute('aria-expanded', 'true');
		await expect(slowDb).toBeVisible();
		await expect(page.getByLabel('Theme')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Reset my sandbox' })).toBeVisible();
		// Still one short row: the panel lies over the page.
		expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
		await expect(dockOf(page).toggle.locator('kbd').first()).toBeHidden();
	});

	test('the key inspector shows the value without a sideways scroll', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		await openConsole(page);
		await expect(await type(page, 'SET phone:greeting "hello from a phone"')).toHaveText('OK');
		const dock = await openKeys(page);
		const value = dock.keyRow('phone:greeting').locator('td').last();
		await expect(value).toContainText('hello from a phone');
		const box = (await value.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(390);
		await expect(dock.keyRow('phone:greeting')).toContainText('-1 (no expiry)');
	});
});

test.describe('words', () => {
	test("TTLs in redis-cli's words, plurals, the Redis source in words", async ({ page }) => {
		await open(page, CACHE_ASIDE);
		await openConsole(page);
		await expect(await type(page, 'SET words:kept 1')).toHaveText('OK');
		const dock = await openKeys(page);
		await expect(dock.keyRow('words:kept').locator('.ttl')).toHaveText('-1 (no expiry)');
		await expect(dock.inspector).toContainText(/\b1 key in your sandbox/);
		await expect(page.getByTestId('redis-badge')).toContainText(
			/started by the course|your server, from REDIS_URL/
		);
	});
});

test.describe('reset my sandbox', () => {
	test('asks first, then says what it did and clears the results shown', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		const read = await run(page, 'cache-aside-read', { table: 'inventory' });
		await expect(read.outcome).toHaveCount(1);
		const reset = page.getByRole('button', { name: 'Reset my sandbox' });

		await test.step('Cancel leaves everything as it was', async () => {
			await reset.click();
			await expect(page.getByText('Remove all your keys and restore your database?')).toBeVisible();
			await expect(page.getByRole('button', { name: 'Yes, reset' })).toBeFocused();
			await page.getByRole('button', { name: 'Cancel' }).click();
			await expect(reset).toBeFocused();
			await expect(read.outcome).toHaveCount(1);
		});

		await test.step('Yes, reset: "1 key removed, database restored", no result left', async () => {
			await reset.click();
			await page.getByRole('button', { name: 'Yes, reset' }).click();
			await expect(page.getByTestId('reset-notice')).toHaveText(
				'Sandbox reset: 1 key removed, database restored.'
			);
			await expect(read.outcome).toHaveCount(0);
			await expect(read.section.getByTestId('demo-output')).toContainText('Press');
		});
	});
});

test.describe('the course shell', () => {
	test('chapters are numbered by position, and the home page gives the course time', async ({
		page
	}) => {
		await open(page, '/');
		const headings = await page
			.getByRole('navigation', { name: 'Course outline' })
			.locator('h2')
			.allTextContents();
		expect(headings.length).toBeGreaterThan(3);
		headings.forEach((heading, i) => expect(heading).toMatch(new RegExp(`^${i + 1}\\. `)));

		const minutes = LESSONS.reduce((sum, lesson) => sum + lesson.minutes, 0);
		const time = `${Math.floor(minutes / 60)} h ${minutes % 60} min`.replace(' 0 min', '');
		await expect(page.getByTestId('course-size')).toHaveText(
			`${headings.length} chapters, ${LESSONS.length} lessons, about ${time} in all.`
		);
	});

	test('a favicon, as SVG and as the /favicon.ico browsers ask for', async ({ page, request }) => {
		await open(page, '/');
		const icons = await page
			.locator('link[rel="icon"]')
			.evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
		expect(icons.length).toBeGreaterThanOrEqual(2);
		for (const href of icons) expect((await request.get(href)).status(), href).toBe(200);
		const svg = await request.get('/favicon.svg');
		expect(await svg.text()).toMatch(/^<svg /);
		// An ICO file: reserved 0, type 1 (icon).
		const ico = await (await request.get('/favicon.ico')).body();
		expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
	});

	test('the live subscriber stands right under the Publish form', async ({ page }) => {
		await open(page, PUB_SUB);
		const publish = demoOf(page, 'pubsub-publish');
		const panel = page.getByTestId('subscriber');
		await expect(panel.getByRole('status')).toHaveAttribute('data-status', 'listening');
		await run(page, publish);
		await expect(panel.locator('li')).toHaveCount(1);
		const button = (await publish.button.boundingBox())!;
		const box = (await panel.boundingBox())!;
		// Under the button, before the result, and both on one 900 px screen.
		expect(box.y).toBeGreaterThan(button.y);
		expect(box.y + box.height - button.y).toBeLessThan(600);
		const output = (await publish.section.getByTestId('demo-output').boundingBox())!;
		expect(box.y).toBeLessThan(output.y);
	});
});
