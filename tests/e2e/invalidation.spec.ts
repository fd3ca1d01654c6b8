import type { Locator } from '@playwright/test';
import {
	demoOf,
	expect,
	expectAccessible,
	expectNoSql,
	expectOutcome,
	open,
	rowOf,
	run,
	test,
	ttlMs,
	ttlSeconds
} from './helpers';

const CHAPTER = '/learn/invalidation';

/** A column's cell in the row of a result table whose first cell is `first`. */
const cell = async (table: Locator, first: string, column: string) =>
	(await rowOf(table, first))[column];

const jsonOf = async (locator: Locator) => JSON.parse((await locator.textContent()) ?? 'null');

test('ttl-and-expiry: fixed keeps its expiry, sliding pushes it out, jitter spreads a batch', async ({
	page
}) => {
	// Two steps wait for a live TTL countdown to tick, and the jitter run writes 100 keys.
	test.slow();
	await open(page, `${CHAPTER}/ttl-and-expiry`);
	const fixed = demoOf(page, 'ttl-fixed');
	const sliding = demoOf(page, 'ttl-sliding');
	const jitter = demoOf(page, 'ttl-jitter');

	await test.step('1. Fixed TTL, Read: MISS, GET then SET ... EX 60', async () => {
		await run(page, fixed, { product: 1, ttl: 60 });
		await expectOutcome(fixed, 'miss');
		await expect(fixed.commands).toHaveText([
			'> GET fixed:product:1',
			/^> SET fixed:product:1 ".+" EX 60$/
		]);
		await expect(fixed.statements).toHaveCount(1);
	});

	await test.step('2. When the TTL shows less than 60 s, Read: HIT, one GET, the TTL stays below 60 s', async () => {
		await expect
			.poll(() => ttlSeconds(fixed, 'fixed:product:1'), { timeout: 5_000 })
			.toBeLessThan(60);
		await run(page, fixed);
		await expectOutcome(fixed, 'hit');
		await expect(fixed.commands).toHaveText(['> GET fixed:product:1']);
		await expectNoSql(fixed);
		expect(await ttlMs(fixed, 'fixed:product:1')).toBeLessThanOrEqual(59_000);
		expect(await ttlSeconds(fixed, 'fixed:product:1')).toBeLessThan(60);
	});

	await test.step('3. Sliding TTL, Read: MISS, GETEX then SET ... EX 60', async () => {
		await run(page, sliding, { product: 1, ttl: 60 });
		await expectOutcome(sliding, 'miss');
		await expect(sliding.commands).toHaveText([
			'> GETEX sliding:product:1 EX 60',
			/^> SET sliding:product:1 ".+" EX 60$/
		]);
	});

	await test.step('4. When the TTL shows less than 60 s, Read: HIT, one GETEX, the TTL is back at 60 s', async () => {
		await expect
			.poll(() => ttlSeconds(sliding, 'sliding:product:1'), { timeout: 5_000 })
			.toBeLessThan(60);
		await run(page, sliding);
		await expectOutcome(sliding, 'hit');
		await expect(sliding.commands).toHaveText(['> GETEX sliding:product:1 EX 60']);
		await expectNoSql(sliding);
		expect(await ttlMs(sliding, 'sliding:product:1')).toBeGreaterThan(59_000);
	});

	await test.step('5. Jitter, Write the keys: one spike at 60 s without jitter, 54 to 66 s with it', async () => {
		await run(page, jitter, { n: 50, ttl: 60 });
		await expectOutcome(jitter, 'write');
		const chart = jitter.result.locator('figure.chart');
		await expect(chart.locator('svg')).toBeVisible();
		await expect(chart.locator('figcaption')).toContainText('fixed TTL');
		await expect(chart.locator('figcaption')).toContainText('jittered ±10%');
		await expect(chart.locator('polyline')).toHaveCount(2);

		const batches = jitter.table('batches');
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

	await expectAccessible(page);
});

test('event-invalidation: a price change removes every cached dependent', async ({ page }) => {
	await open(page, `${CHAPTER}/event-invalidation`);
	const event = demoOf(page, 'event-update-product');
	const tableRead = demoOf(page, 'cache-aside-read');
	let price = 0;

	await test.step('1. Read product 1: MISS, two GETs, two SETs, two SELECTs', async () => {
		await run(page, event, { product: 1, action: 'read' });
		await expectOutcome(event, 'miss');
		await expect(event.commands).toHaveText([
			'> GET product:1',
			/^> SET product:1 ".+" EX 60$/,
			'> GET category:peripherals',
			/^> SET category:peripherals ".+" EX 60$/
		]);
		await expect(event.statements).toHaveCount(2);
		price = Number(await cell(event.table('product'), '1', 'price'));
		expect(price).toBeGreaterThan(0);
	});

	await test.step('2. Run again: HIT, two GETs, no SQL', async () => {
		await run(page, event);
		await expectOutcome(event, 'hit');
		await expect(event.commands).toHaveText(['> GET product:1', '> GET category:peripherals']);
		await expectNoSql(event);
	});

	await test.step('3. Read through the cache, sales: MISS, query:sales is cached', async () => {
		await run(page, tableRead, { table: 'sales' });
		await expectOutcome(tableRead, 'miss');
		await expect(tableRead.commands.nth(1)).toHaveText(/^> SET query:sales /);
	});

	await test.step('4. update-price: INVALIDATED, eight DELs, three keys removed', async () => {
		await run(page, event, { action: 'update-price' });
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
		const dependents = event.table('dependents');
		for (const key of ['product:1', 'category:peripherals', 'query:sales']) {
			expect(await cell(dependents, key, 'removed'), key).toBe('yes');
		}
		expect(await cell(dependents, 'query:inventory', 'removed')).toBe('no (not cached)');
	});

	await test.step('5. Read: MISS, the price is one more', async () => {
		await run(page, event, { action: 'read' });
		await expectOutcome(event, 'miss');
		expect(Number(await cell(event.table('product'), '1', 'price'))).toBe(price + 1);
	});
});

test('tag-invalidation: invalidate a tag, then clean up the stale member it leaves', async ({
	page
}) => {
	await open(page, `${CHAPTER}/tag-invalidation`);
	const tagSet = demoOf(page, 'tag-set');
	const tagRun = demoOf(page, 'tag-invalidate');
	const tagSets = () => tagSet.table('tag sets');

	await test.step('1. page:product:1 with peripherals,on-sale: WRITE in one MULTI', async () => {
		await run(page, tagSet, { key: 'page:product:1', tags: 'peripherals,on-sale' });
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
		await run(page, tagSet, { key: 'page:product:2', tags: 'peripherals' });
		await expectOutcome(tagSet, 'write');
		expect(await cell(tagSets(), 'tag:peripherals', 'members')).toBe(
			'page:product:1, page:product:2'
		);
	});

	await test.step('3. page:product:9 with on-sale', async () => {
		await run(page, tagSet, { key: 'page:product:9', tags: 'on-sale' });
		await expectOutcome(tagSet, 'write');
		expect(await cell(tagSets(), 'tag:on-sale', 'members')).toBe('page:product:1, page:product:9');
	});

	await test.step('4. Invalidate on-sale: INVALIDATED, page:product:1 and page:product:9 deleted', async () => {
		await run(page, tagRun, { tag: 'on-sale', action: 'invalidate' });
		await expectOutcome(tagRun, 'invalidated');
		await expect(tagRun.commands.first()).toHaveText('> SMEMBERS tag:on-sale');
		const keys = tagRun.table('keys');
		await expect(keys.locator('tbody tr')).toHaveCount(2);
		expect(await cell(keys, 'page:product:1', 'status')).toBe('deleted');
		expect(await cell(keys, 'page:product:9', 'status')).toBe('deleted');
	});

	await test.step('5. Clean up peripherals: DONE, page:product:1 removed, page:product:2 kept', async () => {
		await run(page, tagRun, { tag: 'peripherals', action: 'clean-up' });
		await expectOutcome(tagRun, 'done');
		await expect(tagRun.commands.first()).toHaveText('> SSCAN tag:peripherals 0 COUNT 100');
		const members = tagRun.table('members');
		await expect(members.locator('tbody tr')).toHaveCount(2);
		expect(await cell(members, 'page:product:1', 'status')).toBe('removed: its key is gone');
		expect(await cell(members, 'page:product:2', 'status')).toBe('kept: its key exists');
	});
});

test('versioned-keys: v1 and v2 side by side, then v1 removed with SCAN batches', async ({
	page
}) => {
	await open(page, `${CHAPTER}/versioned-keys`);
	const demo = demoOf(page, 'versioned-keys');

	await test.step('1. cache-v1: WRITE, SET v1: keys', async () => {
		await run(page, demo, { action: 'cache-v1' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveCount(18);
		await expect(demo.commands.first()).toHaveText(/^> SET v1:product:1 ".+" EX 3600$/);
	});

	await test.step('2. cache-v2: WRITE, SET v2: keys', async () => {
		await run(page, demo, { action: 'cache-v2' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveCount(18);
		await expect(demo.commands.first()).toHaveText(/^> SET v2:product:1 ".+" EX 3600$/);
	});

	await test.step('3. clean-up-v1 with COUNT 10: INVALIDATED, several SCANs, no KEYS', async () => {
		await run(page, demo, { action: 'clean-up-v1', count: 10 });
		await expectOutcome(demo, 'invalidated');
		await expect(demo.commands.first()).toHaveText('> SCAN 0 MATCH v1:* COUNT 10');
		const lines = await demo.commands.allTextContents();
		expect(lines.filter((line) => line.startsWith('> SCAN ')).length).toBeGreaterThan(1);
		expect(lines.filter((line) => line.startsWith('> KEYS'))).toEqual([]);
		const unlinks = lines.filter((line) => line.startsWith('> UNLINK'));
		expect(unlinks.length).toBeGreaterThan(0);
		for (const line of unlinks) {
			expect(line).toMatch(/^> UNLINK( v1:\S+)+$/);
		}
		expect(await jsonOf(demo.entry('v1 keys removed'))).toBe(18);
		expect(await jsonOf(demo.entry('v2 keys still cached'))).toBe(18);
	});

	await test.step('4. Run again: nothing left to remove', async () => {
		await run(page, demo);
		await expectOutcome(demo, 'invalidated');
		expect(await jsonOf(demo.entry('v1 keys removed'))).toBe(0);
		expect(await jsonOf(demo.entry('v2 keys still cached'))).toBe(18);
	});
});

test('distributed-invalidation: the message keeps server B fresh; without it B is stale', async ({
	page
}) => {
	await open(page, `${CHAPTER}/distributed-invalidation`);
	const demo = demoOf(page, 'two-servers');
	let stock = 0;

	await test.step('1. read-on-a: MISS, from SQLite', async () => {
		await run(page, demo, { action: 'read-on-a' });
		await expectOutcome(demo, 'miss');
		await expect(demo.commands).toHaveText(['> GET product:1', /^> SET product:1 ".+" EX 60$/]);
		await expect(demo.replies.first()).toHaveText('(nil)');
		await expect(demo.entry('served from')).toHaveText('"SQLite"');
		stock = await jsonOf(demo.entry('stock'));
	});

	await test.step('2. read-on-b: HIT from Redis, one GET', async () => {
		await run(page, demo, { action: 'read-on-b' });
		await expectOutcome(demo, 'hit');
		await expect(demo.commands).toHaveText(['> GET product:1']);
		await expect(demo.entry('served from')).toHaveText('"Redis"');
	});

	await test.step("3. read-on-b again: HIT from server B's memory, no Redis command", async () => {
		await run(page, demo);
		await expectOutcome(demo, 'hit');
		await expect(demo.redisTrace).toContainText('No Redis command was sent.');
		await expect(demo.entry('served from')).toHaveText(`"server B's memory"`);
	});

	await test.step('4. update with invalidation on: INVALIDATED, DEL then PUBLISH, B dropped it', async () => {
		await run(page, demo, { action: 'update', invalidation: 'on' });
		await expectOutcome(demo, 'invalidated');
		await expect(demo.commands).toHaveText([
			'> DEL product:1',
			/^> PUBLISH cache:invalidate ".*product:1.*"$/
		]);
		await expect(demo.replies).toHaveText(['(integer) 1', '(integer) 1']);
		await expect(demo.entry('dropped on the message')).toHaveText('"B"');
	});

	await test.step('5. read-on-b: MISS, the stock is one more', async () => {
		await run(page, demo, { action: 'read-on-b' });
		await expectOutcome(demo, 'miss');
		expect(await jsonOf(demo.entry('stock'))).toBe(stock + 1);
	});

	await test.step('6. update with invalidation off: WRITE, nothing published', async () => {
		await run(page, demo, { action: 'update', invalidation: 'off' });
		await expectOutcome(demo, 'write');
		await expect(demo.commands).toHaveText(['> DEL product:1']);
	});

	await test.step("7. read-on-b: STALE, B's memory has the old stock, SQLite one more", async () => {
		await run(page, demo, { action: 'read-on-b' });
		await expectOutcome(demo, 'stale');
		await expect(demo.entry('served from')).toHaveText(`"server B's memory"`);
		expect(await jsonOf(demo.entry('stock'))).toBe(stock + 1);
		expect(await jsonOf(demo.entry('stock in SQLite'))).toBe(stock + 2);
	});

	await test.step('8. race: DONE; without the version check B keeps the old stock, with it B declines', async () => {
		await run(page, demo, { action: 'race' });
		await expectOutcome(demo, 'done');
		const table = demo.table('race');
		expect(await rowOf(table, 'B stores what it read')).toMatchObject({
			'without the version check': 'kept',
			'with the version check': 'declined'
		});
		expect((await rowOf(table, "B's memory afterwards"))['with the version check']).toBe('none');
	});

	await expectAccessible(page);
});
