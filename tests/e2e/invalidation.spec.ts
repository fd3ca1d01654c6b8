import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
	activityEntries,
	demoOf,
	expect,
	expectOutcome,
	open,
	test,
	type DemoWidgets
} from './helpers';

const CHAPTER = '/learn/invalidation';

type Demo = DemoWidgets;

/**
 * Fills the demo's fields (by label), presses its button and waits until the run is over: every
 * run adds one entry to the lesson's activity log.
 */
async function run(page: Page, demo: Demo, fields: Record<string, string> = {}) {
	for (const [label, value] of Object.entries(fields)) {
		const field = demo.section.getByLabel(label);
		if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
		else await field.fill(value);
	}
	const entries = activityEntries(page);
	const before = await entries.count();
	await demo.button.click();
	await expect(entries).toHaveCount(before + 1, { timeout: 10_000 });
	await expect(demo.button).toBeEnabled();
}

/** The value of one entry of an object result (a definition list), e.g. "v1 keys removed". */
const entry = (demo: Demo, name: string) => demo.result.locator(`dt:text-is("${name}") + dd`);

/** The cells of the table row whose first cell is exactly `first`. */
function row(table: Locator, first: string) {
	return table
		.locator('tbody tr')
		.filter({ has: table.page().locator(`td:first-child:text-is("${first}")`) });
}

/** A column's cell in the row whose first cell is `first`, found by the header's text. */
async function cell(table: Locator, first: string, column: string): Promise<string> {
	const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
	const index = headers.indexOf(column);
	expect(index, `"${column}" in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
	return ((await row(table, first).locator('td').nth(index).textContent()) ?? '').trim();
}

/** The TTL the server read for a key at the end of the run, in ms (the data-ttl-ms attribute). */
async function ttlMs(demo: Demo, key: string): Promise<number> {
	const ttl = demo.keyTtls.locator('li', {
		has: demo.section.page().locator(`code:text-is("${key}")`)
	});
	return Number(await ttl.locator('[data-ttl-ms]').getAttribute('data-ttl-ms'));
}

/** The live countdown of a key, in whole seconds ("TTL 59 s"). */
async function countdown(demo: Demo, key: string): Promise<number> {
	const ttl = demo.keyTtls.locator('li', {
		has: demo.section.page().locator(`code:text-is("${key}")`)
	});
	const text = (await ttl.locator('[data-ttl-ms]').textContent()) ?? '';
	return Number(/TTL (\d+) s/.exec(text)?.[1] ?? NaN);
}

/** axe's serious and critical violations once the results (tables, a chart) are on the page. */
async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
}

const jsonOf = async (locator: Locator) => JSON.parse((await locator.textContent()) ?? 'null');

test('ttl-and-expiry: fixed keeps its expiry, sliding pushes it out, jitter spreads a batch', async ({
	page
}) => {
	// Two steps wait for a live TTL countdown to tick, and the jitter run writes 100 keys.
	test.slow();
	await open(page, `${CHAPTER}/ttl-and-expiry`);
	const fixed = demoOf(page, 'ttl-fixed', 'Read');
	const sliding = demoOf(page, 'ttl-sliding', 'Read');
	const jitter = demoOf(page, 'ttl-jitter', 'Write the keys');

	await test.step('1. Fixed TTL, Read: MISS, GET then SET ... EX 60', async () => {
		await run(page, fixed, { Product: '1', 'TTL (s)': '60' });
		await expectOutcome(fixed, 'miss');
		await expect(fixed.commands).toHaveText([
			'> GET fixed:product:1',
			/^> SET fixed:product:1 ".+" EX 60$/
		]);
		await expect(fixed.statements).toHaveCount(1);
	});

	await test.step('2. When the TTL shows less than 60 s, Read: HIT, one GET, the TTL stays below 60 s', async () => {
		await expect
			.poll(() => countdown(fixed, 'fixed:product:1'), { timeout: 5_000 })
			.toBeLessThan(60);
		await run(page, fixed);
		await expectOutcome(fixed, 'hit');
		await expect(fixed.commands).toHaveText(['> GET fixed:product:1']);
		await expect(fixed.sqlTrace).toContainText('No SQL');
		expect(await ttlMs(fixed, 'fixed:product:1')).toBeLessThanOrEqual(59_000);
		expect(await countdown(fixed, 'fixed:product:1')).toBeLessThan(60);
	});

	await test.step('3. Sliding TTL, Read: MISS, GETEX then SET ... EX 60', async () => {
		await run(page, sliding, { Product: '1', 'TTL (s)': '60' });
		await expectOutcome(sliding, 'miss');
		await expect(sliding.commands).toHaveText([
			'> GETEX sliding:product:1 EX 60',
			/^> SET sliding:product:1 ".+" EX 60$/
		]);
	});

	await test.step('4. When the TTL shows less than 60 s, Read: HIT, one GETEX, the TTL is back at 60 s', async () => {
		await expect
			.poll(() => countdown(sliding, 'sliding:product:1'), { timeout: 5_000 })
			.toBeLessThan(60);
		await run(page, sliding);
		await expectOutcome(sliding, 'hit');
		await expect(sliding.commands).toHaveText(['> GETEX sliding:product:1 EX 60']);
		await expect(sliding.sqlTrace).toContainText('No SQL');
		expect(await ttlMs(sliding, 'sliding:product:1')).toBeGreaterThan(59_000);
	});

	await test.step('5. Jitter, Write the keys: one spike at 60 s without jitter, 54 to 66 s with it', async () => {
		await run(page, jitter, { 'Keys per batch': '50', 'TTL (s)': '60' });
		await expectOutcome(jitter, 'write');
		const chart = jitter.result.locator('figure.chart');
		await expect(chart.locator('svg')).toBeVisible();
		await expect(chart.locator('figcaption')).toContainText('fixed TTL');
		await expect(chart.locator('figcaption')).toContainText('jittered ±10%');
		await expect(chart.locator('polyline')).toHaveCount(2);

		const batches = entry(jitter, 'batches');
		expect(await cell(batches, 'fixed TTL', 'keys')).toBe('50');
		expect(await cell(batches, 'fixed TTL', 'busiest second (keys)')).toBe('50');
		expect(await cell(batches, 'fixed TTL', 'first expiry (s)')).toBe('60');
		expect(await cell(batches, 'fixed TTL', 'last expiry (s)')).toBe('60');
		expect(await cell(batches, 'jittered ±10%', 'keys')).toBe('50');
		expect(Number(await cell(batches, 'jittered ±10%', 'busiest second (keys)'))).toBeLessThan(50);
		expect(Number(await cell(batches, 'jittered ±10%', 'first expiry (s)'))).toBeGreaterThanOrEqual(
			54
		);
		expect(Number(await cell(batches, 'jittered ±10%', 'last expiry (s)'))).toBeLessThanOrEqual(66);
	});

	await test.step('the page with its results has no serious axe violation', async () => {
		expect(await seriousViolations(page)).toEqual([]);
	});
});

test('event-invalidation: a price change removes every cached dependent', async ({ page }) => {
	await open(page, `${CHAPTER}/event-invalidation`);
	const event = demoOf(page, 'event-update-product', 'Run');
	const tableRead = demoOf(page, 'cache-aside-read', 'Read');
	let price = 0;

	await test.step('1. Read product 1: MISS, two GETs, two SETs, two SELECTs', async () => {
		await run(page, event, { Product: '1', Action: 'read' });
		await expectOutcome(event, 'miss');
		await expect(event.commands).toHaveText([
			'> GET product:1',
			/^> SET product:1 ".+" EX 60$/,
			'> GET category:peripherals',
			/^> SET category:peripherals ".+" EX 60$/
		]);
		await expect(event.statements).toHaveCount(2);
		price = Number(await cell(entry(event, 'product'), '1', 'price'));
		expect(price).toBeGreaterThan(0);
	});

	await test.step('2. Run again: HIT, two GETs, no SQL', async () => {
		await run(page, event);
		await expectOutcome(event, 'hit');
		await expect(event.commands).toHaveText(['> GET product:1', '> GET category:peripherals']);
		await expect(event.sqlTrace).toContainText('No SQL');
	});

	await test.step('3. Read through the cache, sales: MISS, query:sales is cached', async () => {
		await run(page, tableRead, { Table: 'sales' });
		await expectOutcome(tableRead, 'miss');
		await expect(tableRead.commands.nth(1)).toHaveText(/^> SET query:sales /);
	});

	await test.step('4. update-price: INVALIDATED, eight DELs, three keys removed', async () => {
		await run(page, event, { Action: 'update-price' });
		await expectOutcome(event, 'invalidated');
		await expect(event.statements.first()).toContainText(/UPDATE inventory SET price = price \+ 1/);
		await expect(event.commands).toHaveText([
			'> DEL product:1',
			'> DEL category:peripherals',
			'> DEL query:inventory',
			'> DEL query:sales',
			'> DEL leaderboard:top-products',
			'> DEL aggregate:city-summary',
			'> DEL customer:object:1',
			'> DEL customer:object:8'
		]);
		const dependents = entry(event, 'dependents');
		for (const key of ['product:1', 'category:peripherals', 'query:sales']) {
			expect(await cell(dependents, key, 'removed'), key).toBe('yes');
		}
		expect(await cell(dependents, 'query:inventory', 'removed')).toBe('no (not cached)');
	});

	await test.step('5. Read: MISS, the price is one more', async () => {
		await run(page, event, { Action: 'read' });
		await expectOutcome(event, 'miss');
		expect(Number(await cell(entry(event, 'product'), '1', 'price'))).toBe(price + 1);
	});
});

test('tag-invalidation: invalidate a tag, then clean up the stale member it leaves', async ({
	page
}) => {
	await open(page, `${CHAPTER}/tag-invalidation`);
	const tagSet = demoOf(page, 'tag-set', 'Cache with tags');
	const tagRun = demoOf(page, 'tag-invalidate', 'Run');
	const tagSets = () => entry(tagSet, 'tag sets');

	await test.step('1. page:product:1 with peripherals,on-sale: WRITE in one MULTI', async () => {
		await run(page, tagSet, { Key: 'page:product:1', Tags: 'peripherals,on-sale' });
		await expectOutcome(tagSet, 'write');
		await expect(tagSet.commands).toHaveText([
			'> MULTI',
			/^> SET page:product:1 ".+" EX 60$/,
			'> SADD tag:peripherals page:product:1',
			'> EXPIRE tag:peripherals 60 NX',
			'> EXPIRE tag:peripherals 60 GT',
			'> SADD tag:on-sale page:product:1',
			'> EXPIRE tag:on-sale 60 NX',
			'> EXPIRE tag:on-sale 60 GT',
			'> EXEC',
			'> SMEMBERS tag:peripherals',
			'> SMEMBERS tag:on-sale'
		]);
		expect(await cell(tagSets(), 'tag:peripherals', 'members')).toBe('page:product:1');
		expect(await cell(tagSets(), 'tag:on-sale', 'members')).toBe('page:product:1');
	});

	await test.step('2. page:product:2 with peripherals', async () => {
		await run(page, tagSet, { Key: 'page:product:2', Tags: 'peripherals' });
		await expectOutcome(tagSet, 'write');
		expect(await cell(tagSets(), 'tag:peripherals', 'members')).toBe(
			'page:product:1, page:product:2'
		);
	});

	await test.step('3. page:product:9 with on-sale', async () => {
		await run(page, tagSet, { Key: 'page:product:9', Tags: 'on-sale' });
		await expectOutcome(tagSet, 'write');
		expect(await cell(tagSets(), 'tag:on-sale', 'members')).toBe('page:product:1, page:product:9');
	});

	await test.step('4. Invalidate on-sale: INVALIDATED, page:product:1 and page:product:9 deleted', async () => {
		await run(page, tagRun, { Tag: 'on-sale', Action: 'invalidate' });
		await expectOutcome(tagRun, 'invalidated');
		await expect(tagRun.commands.first()).toHaveText('> SMEMBERS tag:on-sale');
		const keys = entry(tagRun, 'keys');
		await expect(keys.locator('tbody tr')).toHaveCount(2);
		expect(await cell(keys, 'page:product:1', 'status')).toBe('deleted');
		expect(await cell(keys, 'page:product:9', 'status')).toBe('deleted');
	});

	await test.step('5. Clean up peripherals: DONE, page:product:1 removed, page:product:2 kept', async () => {
		await run(page, tagRun, { Tag: 'peripherals', Action: 'clean-up' });
		await expectOutcome(tagRun, 'done');
		await expect(tagRun.commands.first()).toHaveText('> SSCAN tag:peripherals 0 COUNT 100');
		const members = entry(tagRun, 'members');
		await expect(members.locator('tbody tr')).toHaveCount(2);
		expect(await cell(members, 'page:product:1', 'status')).toBe('removed: its key is gone');
		expect(await cell(members, 'page:product:2', 'status')).toBe('kept: its key exists');
	});
});

test('versioned-keys: v1 and v2 side by side, then v1 removed with SCAN batches', async ({
	page
}) => {
	await open(page, `${CHAPTER}/versioned-keys`);
	const demo = demoOf(page, 'versioned-keys', 'Run');

	await test.step('1. cache-v1: WRITE, SET v1: keys', async () => {
		await run(page, demo, { Action: 'cache-v1' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveCount(18);
		await expect(demo.commands.first()).toHaveText(/^> SET v1:product:1 ".+" EX 3600$/);
	});

	await test.step('2. cache-v2: WRITE, SET v2: keys', async () => {
		await run(page, demo, { Action: 'cache-v2' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveCount(18);
		await expect(demo.commands.first()).toHaveText(/^> SET v2:product:1 ".+" EX 3600$/);
	});

	await test.step('3. clean-up-v1 with COUNT 10: INVALIDATED, several SCANs, no KEYS', async () => {
		await run(page, demo, { Action: 'clean-up-v1', 'SCAN COUNT': '10' });
		await expectOutcome(demo, 'invalidated');
		await expect(demo.commands.first()).toHaveText('> SCAN 0 MATCH v1:* COUNT 10');
		const lines = await demo.commands.allTextContents();
		expect(lines.filter((line) => line.startsWith('> SCAN ')).length).toBeGreaterThan(1);
		expect(lines.filter((line) => line.startsWith('> KEYS'))).toEqual([]);
		for (const line of lines.filter((l) => l.startsWith('> UNLINK'))) {
			expect(line).toMatch(/^> UNLINK( v1:\S+)+$/);
		}
		expect(await jsonOf(entry(demo, 'v1 keys removed'))).toBe(18);
		expect(await jsonOf(entry(demo, 'v2 keys still cached'))).toBe(18);
	});

	await test.step('4. Run again: nothing left to remove', async () => {
		await run(page, demo);
		await expectOutcome(demo, 'invalidated');
		expect(await jsonOf(entry(demo, 'v1 keys removed'))).toBe(0);
		expect(await jsonOf(entry(demo, 'v2 keys still cached'))).toBe(18);
	});
});

test('distributed-invalidation: the message keeps server B fresh; without it B is stale', async ({
	page
}) => {
	await open(page, `${CHAPTER}/distributed-invalidation`);
	const demo = demoOf(page, 'two-servers', 'Run');
	let stock = 0;

	await test.step('1. read-on-a: MISS, from SQLite', async () => {
		await run(page, demo, { Action: 'read-on-a' });
		await expectOutcome(demo, 'miss');
		await expect(demo.commands).toHaveText(['> GET product:1', /^> SET product:1 ".+" EX 60$/]);
		await expect(demo.replies.first()).toHaveText('(nil)');
		await expect(entry(demo, 'served from')).toHaveText('"SQLite"');
		stock = await jsonOf(entry(demo, 'stock'));
	});

	await test.step('2. read-on-b: HIT from Redis, one GET', async () => {
		await run(page, demo, { Action: 'read-on-b' });
		await expectOutcome(demo, 'hit');
		await expect(demo.commands).toHaveText(['> GET product:1']);
		await expect(entry(demo, 'served from')).toHaveText('"Redis"');
	});

	await test.step("3. read-on-b again: HIT from server B's memory, no Redis command", async () => {
		await run(page, demo);
		await expectOutcome(demo, 'hit');
		await expect(demo.redisTrace).toContainText('No Redis command was sent.');
		await expect(entry(demo, 'served from')).toHaveText(`"server B's memory"`);
	});

	await test.step('4. update with invalidation on: INVALIDATED, DEL then PUBLISH, B dropped it', async () => {
		await run(page, demo, { Action: 'update', Invalidation: 'on' });
		await expectOutcome(demo, 'invalidated');
		await expect(demo.commands).toHaveText([
			'> DEL product:1',
			/^> PUBLISH cache:invalidate ".*product:1.*"$/
		]);
		await expect(demo.replies).toHaveText(['(integer) 1', '(integer) 1']);
		await expect(entry(demo, 'dropped on the message')).toHaveText('"B"');
	});

	await test.step('5. read-on-b: MISS, the stock is one more', async () => {
		await run(page, demo, { Action: 'read-on-b' });
		await expectOutcome(demo, 'miss');
		expect(await jsonOf(entry(demo, 'stock'))).toBe(stock + 1);
	});

	await test.step('6. update with invalidation off: WRITE, nothing published', async () => {
		await run(page, demo, { Action: 'update', Invalidation: 'off' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveText(['> DEL product:1']);
	});

	await test.step("7. read-on-b: STALE, B's memory has the old stock, SQLite one more", async () => {
		await run(page, demo, { Action: 'read-on-b' });
		await expectOutcome(demo, 'stale');
		await expect(entry(demo, 'served from')).toHaveText(`"server B's memory"`);
		expect(await jsonOf(entry(demo, 'stock'))).toBe(stock + 1);
		expect(await jsonOf(entry(demo, 'stock in SQLite'))).toBe(stock + 2);
	});

	await test.step('the page with its results has no serious axe violation', async () => {
		expect(await seriousViolations(page)).toEqual([]);
	});
});
