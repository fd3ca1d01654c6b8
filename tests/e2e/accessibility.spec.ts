import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectOutcome, LESSONS, open, runDemo, test } from './helpers';

/** axe's serious and critical violations on the page, as "rule: selector" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`)
		);
}

test('the home page has no serious or critical axe violation', async ({ page }) => {
	await open(page, '/');
	expect(await seriousViolations(page)).toEqual([]);
});

for (const { path } of LESSONS) {
	test(`${path} has no serious or critical axe violation`, async ({ page }) => {
		test.slow(); // long lessons with many demos take axe a while on 2 cores
		await open(page, path);
		expect(await seriousViolations(page)).toEqual([]);
	});
}

test('the cache-aside page has no serious or critical axe violation after its demos ran', async ({
	page
}) => {
	await open(page, '/learn/basic-caching/cache-aside');
	await expectOutcome(await runDemo(page, 'cache-aside-read', 'inventory'), 'miss');
	await expectOutcome(await runDemo(page, 'cache-invalidate', 'inventory'), 'invalidated');
	await expectOutcome(await runDemo(page, 'cache-aside-read', 'inventory'), 'miss');
	expect(await seriousViolations(page)).toEqual([]);
});
