import type { Page } from '@playwright/test';
import {
	activityEntries,
	demoOf,
	expect,
	expectOutcome,
	open,
	rowsOf,
	test,
	type DemoWidgets
} from './helpers';

const LESSON = '/learn/operations/scaling-out';

test.describe.configure({ mode: 'serial' });

/**
 * Runs a lab demo as `run` does, but a run turned away because the lab servers are all taken
 * (another spec's lab demo, in the other worker) waits the time the page shows and tries again.
 */
async function runLab(page: Page, demo: DemoWidgets, fields: Record<string, string> = {}) {
	for (const [name, value] of Object.entries(fields)) await demo.field(name).fill(value);
	const entries = activityEntries(page);
	const busy = demo.section.getByTestId('demo-busy');
	for (let attempt = 0; attempt < 6; attempt++) {
		const before = await entries.count();
		await demo.button.click();
		await expect(entries.nth(before).or(busy)).toBeVisible({ timeout: 30_000 });
		if ((await entries.count()) > before) {
			await expect(demo.button).toBeEnabled();
			return demo;
		}
		await expect(busy).toContainText('press', { timeout: 15_000 }); // "Ready: press … again."
	}
	throw new Error(`${demo.id}: the lab servers stayed busy`);
}

test('scaling-out: a key, its slot and node, a MOVED followed; CROSSSLOT, then a hash tag', async ({
	page
}) => {
	test.slow(); // three demos start a three-node cluster each, a few seconds apiece
	await open(page, LESSON);
	const slots = demoOf(page, 'cluster-slots');

	await test.step('1. user:42: REDIRECTED, slot 15880, a SET answered MOVED, then OK, then the GET', async () => {
		await expect(slots.field('key')).toHaveValue('user:42');
		await runLab(page, slots);
		await expectOutcome(slots, 'redirected');
		await expect(slots.entry('slot')).toHaveText('15880');
		await expect(slots.entry('slot by CRC16, computed here')).toHaveText('15880');
		const node = JSON.parse((await slots.entry('node').textContent())!) as string;
		expect(node).toMatch(/^127\.0\.0\.1:\d+$/);
		await expect(slots.commands).toHaveText([
			'> CLUSTER KEYSLOT user:42',
			'> CLUSTER SHARDS',
			'> SET user:42 hello',
			'> SET user:42 hello',
			'> GET user:42'
		]);
		await expect(slots.replies.nth(0)).toHaveText('(integer) 15880');
		await expect(slots.replies.nth(2)).toHaveText(`(error) MOVED 15880 ${node}`);
		await expect(slots.replies.nth(3)).toHaveText('OK');
		await expect(slots.replies.nth(4)).toHaveText('"hello"');
		const nodes = await rowsOf(slots.table('nodes'));
		expect(nodes.map((row) => row.slots)).toEqual(['0–5460', '5461–10922', '10923–16383']);
		expect(nodes.find((row) => row.node === node)).toMatchObject({ 'serves slot 15880': 'yes' });
	});

	await test.step('2. {user:42}:cart: slot 15880 again, hash tag user:42', async () => {
		await runLab(page, slots, { key: '{user:42}:cart' });
		await expectOutcome(slots, 'redirected');
		await expect(slots.entry('key')).toHaveText('"{user:42}:cart"');
		await expect(slots.entry('slot')).toHaveText('15880');
		await expect(slots.entry('hash tag')).toHaveText('"user:42"');
		await expect(slots.commands.first()).toHaveText('> CLUSTER KEYSLOT {user:42}:cart');
	});

	await test.step('3. "two words": refused with a sentence, no server started', async () => {
		const before = await activityEntries(page).count();
		await slots.field('key').fill('two words');
		await slots.button.click();
		await expect(slots.section.getByRole('alert')).toContainText(
			'Key must be 1 to 100 characters: letters, digits and { } : . _ - @ # / (no spaces).'
		);
		await expect(activityEntries(page)).toHaveCount(before);
	});

	await test.step('4. Run both MSETs: DONE; CROSSSLOT untagged, OK tagged, the course keys in one slot', async () => {
		const cross = demoOf(page, 'cluster-crossslot');
		await runLab(page, cross);
		await expectOutcome(cross, 'done');
		const mset = cross.commands.filter({ hasText: /^> MSET / });
		await expect(mset).toHaveText([
			'> MSET user:42:profile "Ada Lovelace" user:42:cart "sku-7 sku-9"',
			'> MSET {user:42}:profile "Ada Lovelace" {user:42}:cart "sku-7 sku-9"'
		]);
		const replyOf = (command: RegExp) =>
			cross.redisTrace.locator('li').filter({ has: page.locator('code', { hasText: command }) });
		await expect(replyOf(/^> MSET user:42:profile/).locator('pre')).toHaveText(
			"(error) CROSSSLOT Keys in request don't hash to the same slot"
		);
		await expect(replyOf(/^> MSET \{user:42\}:profile/).locator('pre')).toHaveText('OK');
		await expect(replyOf(/^> MGET /).locator('pre')).toHaveText(
			'1) "Ada Lovelace"\n2) "sku-7 sku-9"'
		);
		await expect(cross.entry('slots without a tag')).toHaveText('"9133, 12984"');
		await expect(cross.entry('slots with a tag')).toHaveText('"15880"');
		const keys = await rowsOf(cross.table('keys'));
		const course = keys.filter((row) => row.group?.startsWith('this course'));
		expect(course).toHaveLength(3);
		expect(new Set(course.map((row) => row.slot)).size).toBe(1);
		expect(course.every((row) => row['hash tag'] === 'example-learner')).toBe(true);
	});
});
