import type { Locator, Page } from '@playwright/test';
import { activityEntries, expect, open, test } from './helpers';

/** The six lessons of chapter 3, walked as their "Try it" steps say. */
const CHAPTER = '/learn/advanced-caching';

/** The widgets of one demo on the page, found by its data-demo id. */
function demoOf(page: Page, id: string, button: string) {
	const section = page.locator(`section[data-demo="${id}"]`);
	const output = section.getByTestId('demo-output');
	return {
		section,
		button: section.getByRole('button', { name: button, exact: true }),
		outcome: output.locator('[data-outcome]'),
		totalMs: output.getByTestId('demo-ms'),
		/** Each command as redis-cli prints it: `> GET customer:id:4`. */
		commands: output.getByTestId('redis-trace').locator('li code'),
		replies: output.getByTestId('redis-trace').locator('li pre'),
		sqlTrace: output.getByTestId('sql-trace'),
		statements: output.getByTestId('sql-trace').locator('li'),
		result: output.getByTestId('demo-result')
	};
}
type Demo = ReturnType<typeof demoOf>;

/**
 * Fills the demo's fields (by label), presses its button and waits until the run is over: every
 * run adds one entry to the lesson's activity log.
 */
async function runDemo(
	page: Page,
	id: string,
	button: string,
	fields: Record<string, string> = {}
) {
	const demo = demoOf(page, id, button);
	const before = await activityEntries(page).count();
	for (const [label, value] of Object.entries(fields)) {
		// A select's accessible name ends with its chosen option ("Field city"): match the start.
		const input = demo.section.getByLabel(new RegExp(`^${label}\\b`));
		if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
		else await input.fill(value);
	}
	await demo.button.click();
	await expect(activityEntries(page)).toHaveCount(before + 1, { timeout: 10_000 });
	await expect(demo.button).toBeEnabled();
	return demo;
}

async function expectOutcome(demo: Demo, outcome: string) {
	await expect(demo.outcome).toHaveText(outcome.toUpperCase());
	await expect(demo.outcome).toHaveAttribute('data-outcome', outcome);
}

async function expectNoSql(demo: Demo) {
	await expect(demo.statements).toHaveCount(0);
	await expect(demo.sqlTrace).toContainText('No SQL');
}

/** The value shown for one entry of an object result (a <dt> and its <dd>). */
const entry = (result: Locator, name: string) =>
	result
		.locator('dt', { hasText: new RegExp(`^${name}$`) })
		.locator('xpath=following-sibling::dd[1]');

/** The rows of a result table as records of column → cell text. */
async function rowsOf(table: Locator): Promise<Record<string, string>[]> {
	return table.evaluate((element) => {
		const headers = [...element.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
		return [...element.querySelectorAll('tbody tr')].map((tr) =>
			Object.fromEntries(
				[...tr.querySelectorAll('td')].map((td, i) => [headers[i]!, td.textContent!.trim()])
			)
		);
	});
}

/** The total time of the last run, in ms, from "52.5 ms in all". */
async function totalMs(demo: Demo): Promise<number> {
	const text = (await demo.totalMs.textContent()) ?? '';
	return Number(/([\d.]+)\s*ms/.exec(text)![1]);
}

/** Runs a runnable block and expects every checked reply to match. */
async function runBlock(block: Locator) {
	await block.getByRole('button', { name: 'Run' }).click();
	await expect(block.locator('figcaption')).toHaveText(/^✓\s*(\d+) of \1 replies as expected$/, {
		timeout: 10_000
	});
	await expect(block.locator('li[data-match="false"]')).toHaveCount(0);
}

test('sql-resultset: miss, hit, invalidate, miss', async ({ page }) => {
	await open(page, `${CHAPTER}/sql-resultset`);
	const READ = ['sql-resultset', 'Read', { Customer: '4' }] as const;

	await test.step('1. Read customer 4: MISS, GET then SET ... EX 60, one SELECT of 3 rows', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.commands).toHaveText([/^> GET sql:\S+$/, /^> SET sql:\S+ ".+" EX 60$/]);
		await expect(read.replies).toHaveText(['(nil)', 'OK']);
		await expect(read.statements).toHaveCount(1);
		await expect(read.statements.first()).toContainText('WHERE s.customer_id = ?');
		await expect(read.statements.first()).toContainText('params [4]');
		await expect(read.statements.first()).toContainText('3 rows');
		await expect(entry(read.result, 'key')).toContainText('"sql:');
		await expect(entry(read.result, 'key decoded')).toContainText('WHERE s.customer_id = ?');
		await expect(entry(read.result, 'key decoded')).toContainText('[4]');
		await expect(read.result.locator('tbody tr')).toHaveCount(3);
	});

	await test.step('2. Read again: HIT, one GET, no SQL', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText([/^> GET sql:\S+$/]);
		await expectNoSql(read);
	});

	await test.step('3. Invalidate customer 4: INVALIDATED, one DEL answered 1', async () => {
		const invalidate = await runDemo(page, 'sql-resultset-invalidate', 'Invalidate', {
			Customer: '4'
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText([/^> DEL sql:\S+$/]);
		await expect(invalidate.replies).toHaveText(['(integer) 1']);
	});

	await test.step('4. Read: MISS again, the SELECT runs', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
	});
});

test('json-fields: miss, hit, invalidate, miss, and the block', async ({ page }) => {
	await open(page, `${CHAPTER}/json-fields`);
	const READ = ['json-fields', 'Read', { Customer: '4' }] as const;

	await test.step('1. Read customer 4: MISS, a SELECT of four columns, GET then SET', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
		await expect(read.statements.first()).toContainText(
			'SELECT id, name, city, tier FROM customers WHERE id = ?'
		);
		await expect(read.commands).toHaveText([
			'> GET customer:id:4',
			/^> SET customer:id:4 ".*Dana Novak.*Prague.*" EX 60$/
		]);
		await expect(entry(read.result, 'stored bytes')).toHaveText('58');
		expect(await rowsOf(read.result.locator('table'))).toEqual([
			{ id: '4', name: 'Dana Novak', city: 'Prague', tier: 'gold' }
		]);
	});

	await test.step('2. Read again: HIT, one GET, no SQL', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET customer:id:4']);
		await expectNoSql(read);
	});

	await test.step('3. Invalidate: INVALIDATED, DEL customer:id:4 answered 1', async () => {
		const invalidate = await runDemo(page, 'json-fields-invalidate', 'Invalidate', {
			Customer: '4'
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:id:4']);
		await expect(invalidate.replies).toHaveText(['(integer) 1']);
	});

	await test.step('4. Read: MISS again', async () => {
		await expectOutcome(await runDemo(page, ...READ), 'miss');
	});

	await test.step('5. Run the block: every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});

test('redis-hash: miss, hit, patch one field, hit, invalidate, miss, and the block', async ({
	page
}) => {
	await open(page, `${CHAPTER}/redis-hash`);
	const READ = ['redis-hash', 'Read', { Customer: '4' }] as const;

	await test.step('1. Read customer 4: MISS, HGETALL, then MULTI, HSET of four fields, EXPIRE, EXEC', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.commands).toHaveText([
			'> HGETALL customer:hash:4',
			'> MULTI',
			'> HSET customer:hash:4 id 4 name "Dana Novak" city Prague tier gold',
			'> EXPIRE customer:hash:4 60',
			'> EXEC'
		]);
		await expect(read.replies.first()).toHaveText('(empty array)');
		await expect(read.statements).toHaveCount(1);
	});

	await test.step('2. Read again: HIT, one HGETALL, no SQL', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> HGETALL customer:hash:4']);
		await expectNoSql(read);
	});

	await test.step('3. Read customer 4 in the JSON demo', async () => {
		const read = await runDemo(page, 'json-fields', 'Read', { Customer: '4' });
		await expectOutcome(read, 'miss');
	});

	await test.step('4. Patch city = Brno: WRITE, UPDATE, one HSET, then GET and SET of the string', async () => {
		const patch = await runDemo(page, 'redis-hash-patch', 'Patch one field', {
			Customer: '4',
			Field: 'city',
			Value: 'Brno'
		});
		await expectOutcome(patch, 'write');
		await expect(patch.statements).toHaveCount(1);
		await expect(patch.statements.first()).toContainText(
			'UPDATE customers SET city = ? WHERE id = ?'
		);
		await expect(patch.commands).toHaveText([
			'> HSET customer:hash:4 city Brno',
			'> GET customer:id:4',
			/^> SET customer:id:4 ".*Brno.*" KEEPTTL$/,
			'> MEMORY USAGE customer:hash:4',
			'> MEMORY USAGE customer:id:4'
		]);
		await expect(patch.replies.first()).toHaveText('(integer) 0');
		const [hash, json] = await rowsOf(entry(patch.result, 'comparison').locator('table'));
		expect(hash).toMatchObject({ copy: 'hash', commands: 'HSET', 'bytes sent': '56' });
		expect(json).toMatchObject({
			copy: 'JSON string',
			'bytes sent': '142',
			'bytes received': '70'
		});
		expect(Number(hash!['MEMORY USAGE'])).toBeGreaterThan(0);
		expect(Number(json!['MEMORY USAGE'])).toBeGreaterThan(0);
	});

	await test.step('5. Read the hash: HIT, city Brno, the other fields as before', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		expect(await rowsOf(read.result.locator('table'))).toEqual([
			{ id: '4', name: 'Dana Novak', city: 'Brno', tier: 'gold' }
		]);
	});

	await test.step('6. Invalidate: INVALIDATED, DEL customer:hash:4', async () => {
		const invalidate = await runDemo(page, 'redis-hash-invalidate', 'Invalidate', {
			Customer: '4'
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:hash:4']);
	});

	await test.step('7. Read: MISS, and the city is Brno, from SQLite', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
		expect((await rowsOf(read.result.locator('table')))[0]!.city).toBe('Brno');
	});

	await test.step('8. Run the block: every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});

test('serialized-object: the computed fields, the three queries, hit, invalidate, miss', async ({
	page
}) => {
	await open(page, `${CHAPTER}/serialized-object`);
	const READ = ['serialized-object', 'Read', { Customer: '4' }] as const;
	let builtAt = '';

	await test.step('1. Read customer 4: MISS, three queries, totalSpent 946, orderCount 3', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(3);
		await expect(read.commands).toHaveText([
			'> GET customer:object:4',
			/^> SET customer:object:4 /
		]);
		await expect(entry(read.result, 'totalSpent')).toHaveText('946');
		await expect(entry(read.result, 'orderCount')).toHaveText('3');
		const purchases = await rowsOf(entry(read.result, 'recentPurchases').locator('table'));
		expect(purchases.map((p) => p.date)).toEqual(['2024-09-29', '2024-09-08', '2024-09-03']);
		builtAt = (await entry(read.result, 'builtAt').textContent())!;
	});

	await test.step('2. Read again: HIT, one GET, no SQL, the same builtAt', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET customer:object:4']);
		await expectNoSql(read);
		await expect(entry(read.result, 'builtAt')).toHaveText(builtAt);
	});

	await test.step('3. Invalidate: INVALIDATED, DEL customer:object:4', async () => {
		const invalidate = await runDemo(page, 'serialized-object-invalidate', 'Invalidate', {
			Customer: '4'
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:object:4']);
	});

	await test.step('4. Read: MISS, the three queries run again', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(3);
	});
});

test('aggregate-query: the shared sorted set, a sale, the new ranking, and the block', async ({
	page
}) => {
	await open(page, `${CHAPTER}/aggregate-query`);
	const READ = ['aggregate-query', 'Read'] as const;

	await test.step('1. Read: MISS, ZRANGE empty, GROUP BY, then MULTI DEL ZADD EXPIRE EXEC', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.commands).toHaveText([
			'> ZRANGE leaderboard:top-products 0 4 REV WITHSCORES',
			'> MULTI',
			'> DEL leaderboard:top-products',
			/^> ZADD leaderboard:top-products 837 /,
			'> EXPIRE leaderboard:top-products 60',
			'> EXEC'
		]);
		await expect(read.replies.first()).toHaveText('(empty array)');
		await expect(read.statements).toHaveCount(1);
		await expect(read.statements.first()).toContainText('GROUP BY');
		expect((await rowsOf(read.result.locator('table')))[0]).toEqual({
			rank: '1',
			product: '27" monitor',
			revenue: '837'
		});
	});

	await test.step('2. Read again: HIT, one ZRANGE, no SQL', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText([
			'> ZRANGE leaderboard:top-products 0 4 REV WITHSCORES'
		]);
		await expectNoSql(read);
	});

	await test.step('3. Record a sale of product 6: INVALIDATED, INSERT, one DEL of both keys', async () => {
		const sale = await runDemo(page, 'aggregate-query-invalidate', 'Record a sale and invalidate', {
			Product: '6',
			Customer: '1'
		});
		await expectOutcome(sale, 'invalidated');
		await expect(sale.statements).toHaveCount(1);
		await expect(sale.statements.first()).toContainText('INSERT INTO sales');
		await expect(sale.commands).toHaveText([
			'> DEL leaderboard:top-products aggregate:city-summary'
		]);
		await expect(sale.replies).toHaveText(['(integer) 1']);
	});

	await test.step('4. Read: MISS, the headset third with 477', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		expect((await rowsOf(read.result.locator('table')))[2]).toEqual({
			rank: '3',
			product: 'Noise-cancelling headset',
			revenue: '477'
		});
	});

	await test.step('5. Run the block: every reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});

test('join-group-by: four queries on a miss, the largest gap, a sale, Oslo first', async ({
	page
}) => {
	await open(page, `${CHAPTER}/join-group-by`);
	const READ = ['join-group-by', 'Read'] as const;
	let missMs = 0;

	await test.step('1. Read: MISS, four JOIN + GROUP BY statements, GET then SET, over 200 ms', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(4);
		for (const statement of await read.statements.all()) {
			await expect(statement).toContainText('JOIN');
			await expect(statement).toContainText('GROUP BY');
		}
		await expect(read.commands).toHaveText([
			'> GET aggregate:city-summary',
			/^> SET aggregate:city-summary ".+" EX 60$/
		]);
		missMs = await totalMs(read);
		expect(missMs).toBeGreaterThan(200);
		expect((await rowsOf(read.result.locator('table')))[0]).toMatchObject({
			city: 'Prague',
			revenue: '1127'
		});
	});

	await test.step('2. Read again: HIT, one GET, no SQL, far faster', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET aggregate:city-summary']);
		await expectNoSql(read);
		expect(await totalMs(read)).toBeLessThan(missMs / 4);
	});

	await test.step('3. Record a sale of product 10 by customer 6: INVALIDATED, both keys deleted', async () => {
		const sale = await runDemo(page, 'join-group-by-invalidate', 'Record a sale and invalidate', {
			Product: '10',
			Customer: '6'
		});
		await expectOutcome(sale, 'invalidated');
		await expect(sale.statements.first()).toContainText('INSERT INTO sales');
		await expect(sale.commands).toHaveText([
			'> DEL leaderboard:top-products aggregate:city-summary'
		]);
	});

	await test.step('4. Read: MISS, Oslo first with 1294', async () => {
		const read = await runDemo(page, ...READ);
		await expectOutcome(read, 'miss');
		expect((await rowsOf(read.result.locator('table')))[0]).toMatchObject({
			city: 'Oslo',
			orders: '6',
			revenue: '1294'
		});
	});
});
