import {
	expect,
	expectNoSql,
	expectOutcome,
	open,
	rowsOf,
	run,
	runBlock,
	test,
	totalMs
} from './helpers';

/** The six lessons of chapter 3, walked as their "Try it" steps say. */
const CHAPTER = '/learn/advanced-caching';

test('sql-resultset: miss, hit, invalidate, miss', async ({ page }) => {
	await open(page, `${CHAPTER}/sql-resultset`);
	const READ = ['sql-resultset', { 'customer-id': 4 }] as const;

	await test.step('1. Read customer 4: MISS, GET then SET ... EX 60, one SELECT of 3 rows', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.commands).toHaveText([/^> GET sql:\S+$/, /^> SET sql:\S+ ".+" EX 60$/]);
		await expect(read.replies).toHaveText(['(nil)', 'OK']);
		await expect(read.statements).toHaveCount(1);
		await expect(read.statements.first()).toContainText('WHERE s.customer_id = ?');
		await expect(read.statements.first()).toContainText('params [4]');
		await expect(read.statements.first()).toContainText('3 rows');
		await expect(read.entry('key')).toContainText('"sql:');
		await expect(read.entry('key decoded')).toContainText('WHERE s.customer_id = ?');
		await expect(read.entry('key decoded')).toContainText('[4]');
		await expect(read.result.locator('tbody tr')).toHaveCount(3);
	});

	await test.step('2. Read again: HIT, one GET, no SQL', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText([/^> GET sql:\S+$/]);
		await expectNoSql(read);
	});

	await test.step('3. Invalidate customer 4: INVALIDATED, one DEL answered 1', async () => {
		const invalidate = await run(page, 'sql-resultset-invalidate', {
			'customer-id': 4
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText([/^> DEL sql:\S+$/]);
		await expect(invalidate.replies).toHaveText(['(integer) 1']);
	});

	await test.step('4. Read: MISS again, the SELECT runs', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
	});
});

test('json-fields: miss, hit, invalidate, miss, and the block', async ({ page }) => {
	await open(page, `${CHAPTER}/json-fields`);
	const READ = ['json-fields', { 'customer-id': 4 }] as const;

	await test.step('1. Read customer 4: MISS, a SELECT of four columns, GET then SET', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
		await expect(read.statements.first()).toContainText(
			'SELECT id, name, city, tier FROM customers WHERE id = ?'
		);
		await expect(read.commands).toHaveText([
			'> GET customer:id:4',
			/^> SET customer:id:4 ".*Dana Novak.*Prague.*" EX 60$/
		]);
		await expect(read.entry('stored bytes')).toHaveText('58');
		expect(await rowsOf(read.table())).toEqual([
			{ id: '4', name: 'Dana Novak', city: 'Prague', tier: 'gold' }
		]);
	});

	await test.step('2. Read again: HIT, one GET, no SQL', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET customer:id:4']);
		await expectNoSql(read);
	});

	await test.step('3. Invalidate: INVALIDATED, DEL customer:id:4 answered 1', async () => {
		const invalidate = await run(page, 'json-fields-invalidate', {
			'customer-id': 4
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:id:4']);
		await expect(invalidate.replies).toHaveText(['(integer) 1']);
	});

	await test.step('4. Read: MISS again', async () => {
		await expectOutcome(await run(page, ...READ), 'miss');
	});

	await test.step('5. Run the block: every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});

test('redis-hash: miss, hit, patch one field, hit, invalidate, miss, and the block', async ({
	page
}) => {
	await open(page, `${CHAPTER}/redis-hash`);
	const READ = ['redis-hash', { 'customer-id': 4 }] as const;

	await test.step('1. Read customer 4: MISS, HGETALL, then MULTI, HSET of four fields, EXPIRE, EXEC', async () => {
		const read = await run(page, ...READ);
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
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> HGETALL customer:hash:4']);
		await expectNoSql(read);
	});

	await test.step('3. Read customer 4 in the JSON demo', async () => {
		const read = await run(page, 'json-fields', { 'customer-id': 4 });
		await expectOutcome(read, 'miss');
	});

	await test.step('4. Patch city = Brno: WRITE, UPDATE, one script (EXISTS, HSET), then GET and SET of the string', async () => {
		const patch = await run(page, 'redis-hash-patch', {
			'customer-id': 4,
			field: 'city',
			value: 'Brno'
		});
		await expectOutcome(patch, 'write');
		await expect(patch.statements).toHaveCount(1);
		await expect(patch.statements.first()).toContainText(
			'UPDATE customers SET city = ? WHERE id = ?'
		);
		// A server that has not seen the script yet answers NOSCRIPT once, then SCRIPT LOAD.
		const sent = (await patch.commands.allTextContents()).filter((c) => !c.startsWith('> SCRIPT '));
		expect(sent.slice(-5)).toEqual([
			expect.stringMatching(/^> EVALSHA [0-9a-f]{40} 1 customer:hash:4 city Brno$/),
			'> GET customer:id:4',
			expect.stringMatching(/^> SET customer:id:4 ".*Brno.*" KEEPTTL$/),
			'> MEMORY USAGE customer:hash:4',
			'> MEMORY USAGE customer:id:4'
		]);
		const [hash, json] = await rowsOf(patch.table('comparison'));
		expect(hash).toMatchObject({
			copy: 'hash',
			commands: 'EVALSHA: EXISTS, then HSET, in one script',
			'bytes sent': '113'
		});
		expect(json).toMatchObject({
			copy: 'JSON string',
			'bytes sent': '142',
			'bytes received': '70'
		});
		expect(Number(hash!['MEMORY USAGE'])).toBeGreaterThan(0);
		expect(Number(json!['MEMORY USAGE'])).toBeGreaterThan(0);
	});

	await test.step('5. Read the hash: HIT, city Brno, the other fields as before', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		expect(await rowsOf(read.table())).toEqual([
			{ id: '4', name: 'Dana Novak', city: 'Brno', tier: 'gold' }
		]);
	});

	await test.step('6. Invalidate: INVALIDATED, DEL customer:hash:4', async () => {
		const invalidate = await run(page, 'redis-hash-invalidate', {
			'customer-id': 4
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:hash:4']);
	});

	await test.step('7. Read: MISS, and the city is Brno, from SQLite', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(1);
		expect((await rowsOf(read.table()))[0]!.city).toBe('Brno');
	});

	await test.step('8. Run the block: every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});

test('serialized-object: the computed fields, the three queries, hit, invalidate, miss', async ({
	page
}) => {
	await open(page, `${CHAPTER}/serialized-object`);
	const READ = ['serialized-object', { 'customer-id': 4 }] as const;
	let builtAt = '';

	await test.step('1. Read customer 4: MISS, three queries, totalSpent 946, orderCount 3', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(3);
		await expect(read.commands).toHaveText([
			'> GET customer:object:4',
			/^> SET customer:object:4 /
		]);
		await expect(read.entry('totalSpent')).toHaveText('946');
		await expect(read.entry('orderCount')).toHaveText('3');
		const purchases = await rowsOf(read.table('recentPurchases'));
		expect(purchases.map((p) => p.date)).toEqual(['2024-09-29', '2024-09-08', '2024-09-03']);
		builtAt = (await read.entry('builtAt').textContent())!;
	});

	await test.step('2. Read again: HIT, one GET, no SQL, the same builtAt', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET customer:object:4']);
		await expectNoSql(read);
		await expect(read.entry('builtAt')).toHaveText(builtAt);
	});

	await test.step('3. Invalidate: INVALIDATED, DEL customer:object:4', async () => {
		const invalidate = await run(page, 'serialized-object-invalidate', {
			'customer-id': 4
		});
		await expectOutcome(invalidate, 'invalidated');
		await expect(invalidate.commands).toHaveText(['> DEL customer:object:4']);
	});

	await test.step('4. Read: MISS, the three queries run again', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		await expect(read.statements).toHaveCount(3);
	});
});

test('aggregate-query: the shared sorted set, a sale, the new ranking, and the block', async ({
	page
}) => {
	await open(page, `${CHAPTER}/aggregate-query`);
	const READ = ['aggregate-query'] as const;

	await test.step('1. Read: MISS, ZRANGE empty, GROUP BY, then MULTI DEL ZADD EXPIRE EXEC', async () => {
		const read = await run(page, ...READ);
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
		expect((await rowsOf(read.table()))[0]).toEqual({
			rank: '1',
			product: '27" monitor',
			revenue: '837'
		});
	});

	await test.step('2. Read again: HIT, one ZRANGE, no SQL', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText([
			'> ZRANGE leaderboard:top-products 0 4 REV WITHSCORES'
		]);
		await expectNoSql(read);
	});

	await test.step('3. Record a sale of product 6: INVALIDATED, INSERT, one DEL of both keys', async () => {
		const sale = await run(page, 'aggregate-query-invalidate', {
			product: 6,
			'customer-id': 1
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
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		expect((await rowsOf(read.table()))[2]).toEqual({
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
	const READ = ['join-group-by'] as const;
	let missMs = 0;

	await test.step('1. Read: MISS, four JOIN + GROUP BY statements, GET then SET, over 200 ms', async () => {
		const read = await run(page, ...READ);
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
		expect((await rowsOf(read.table()))[0]).toMatchObject({
			city: 'Prague',
			revenue: '1127'
		});
	});

	await test.step('2. Read again: HIT, one GET, no SQL, far faster', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET aggregate:city-summary']);
		await expectNoSql(read);
		expect(await totalMs(read)).toBeLessThan(missMs / 4);
	});

	await test.step('3. Record a sale of product 10 by customer 6: INVALIDATED, both keys deleted', async () => {
		const sale = await run(page, 'join-group-by-invalidate', {
			product: 10,
			'customer-id': 6
		});
		await expectOutcome(sale, 'invalidated');
		await expect(sale.statements.first()).toContainText('INSERT INTO sales');
		await expect(sale.commands).toHaveText([
			'> DEL leaderboard:top-products aggregate:city-summary'
		]);
	});

	await test.step('4. Read: MISS, Oslo first with 1294', async () => {
		const read = await run(page, ...READ);
		await expectOutcome(read, 'miss');
		expect((await rowsOf(read.table()))[0]).toMatchObject({
			city: 'Oslo',
			orders: '6',
			revenue: '1294'
		});
	});
});
