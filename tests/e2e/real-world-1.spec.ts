import {
	activityEntries,
	demoOf,
	expect,
	expectAccessible,
	expectOutcome,
	open,
	rowsOf,
	run,
	test,
	totalMs,
	ttlMs
} from './helpers';

const CHAPTER = '/learn/real-world';

// A copy whose TTL ran out sends the next request to the upstream: checked in
// tests/integration/real-world-1.test.ts ("invalidating sends the next request to the upstream;
// so does the TTL running out"), without waiting 10 s here; the countdown reaching "expired" on
// the page is checked with a 1-second lock in real-world-2.spec.ts.
test('api-caching: the upstream counts its calls; hits, TTLs and invalidation', async ({
	page
}) => {
	test.slow(); // six demo runs, then an axe scan of the page
	await open(page, `${CHAPTER}/api-caching`);
	const fetch = demoOf(page, 'api-fetch');
	const drop = demoOf(page, 'api-invalidate');
	let weather: Record<string, string>[] = [];

	await test.step('1. Fetch /api/weather with TTL 30: MISS, GET then SET EX 30, one upstream call', async () => {
		await run(page, fetch, { endpoint: '/api/weather', ttl: 30 });
		await expectOutcome(fetch, 'miss');
		await expect(fetch.commands).toHaveCount(2);
		await expect(fetch.commands.nth(0)).toHaveText('> GET api-cache:/api/weather');
		await expect(fetch.replies.nth(0)).toHaveText('(nil)');
		await expect(fetch.commands.nth(1)).toHaveText(/^> SET api-cache:\/api\/weather ".+" EX 30$/);
		await expect(fetch.statements).toHaveCount(0);
		await expect(fetch.entry('upstream calls')).toHaveText('1');
		await expect(fetch.entry('cache hits')).toHaveText('0');
		expect(await totalMs(fetch)).toBeGreaterThanOrEqual(120);
		weather = await rowsOf(fetch.table('response'));
		expect(weather.map((row) => row.city)).toEqual(['Lyon', 'Leeds', 'Prague', 'Oslo']);
	});

	await test.step('2. Fetch again: HIT, one GET, the same temperatures, one upstream call', async () => {
		await run(page, fetch);
		await expectOutcome(fetch, 'hit');
		await expect(fetch.commands).toHaveCount(1);
		await expect(fetch.commands.nth(0)).toHaveText('> GET api-cache:/api/weather');
		await expect(fetch.entry('upstream calls')).toHaveText('1');
		await expect(fetch.entry('cache hits')).toHaveText('1');
		expect(await rowsOf(fetch.table('response'))).toEqual(weather);
	});

	await test.step('3. Fetch /api/exchange-rates with TTL 10: MISS, EX 10', async () => {
		await run(page, fetch, { endpoint: '/api/exchange-rates', ttl: 10 });
		await expectOutcome(fetch, 'miss');
		await expect(fetch.commands.nth(1)).toHaveText(/ EX 10$/);
		const counters = await rowsOf(fetch.table('counters'));
		expect(counters).toEqual([
			{ endpoint: '/api/products', 'upstream calls': '0', 'cache hits': '0' },
			{ endpoint: '/api/weather', 'upstream calls': '1', 'cache hits': '1' },
			{ endpoint: '/api/exchange-rates', 'upstream calls': '1', 'cache hits': '0' }
		]);
	});

	await test.step('4. Invalidate /api/weather: INVALIDATED, DEL', async () => {
		await run(page, drop, { endpoint: '/api/weather' });
		await expectOutcome(drop, 'invalidated');
		await expect(drop.commands).toHaveText(['> DEL api-cache:/api/weather']);
		await expect(drop.replies).toHaveText(['(integer) 1']);
	});

	await test.step('5. Fetch /api/weather: MISS, two upstream calls', async () => {
		await run(page, fetch, { endpoint: '/api/weather' });
		await expectOutcome(fetch, 'miss');
		await expect(fetch.entry('upstream calls')).toHaveText('2');
	});

	await expectAccessible(page);
});

test('sessions: login, get, sliding refresh, logout everywhere through the index, logout', async ({
	page
}) => {
	test.slow(); // eight demo runs, then an axe scan of a page with five demos
	await open(page, `${CHAPTER}/sessions`);
	const login = demoOf(page, 'session-login');
	const get = demoOf(page, 'session-get');
	const refresh = demoOf(page, 'session-refresh');
	const everywhere = demoOf(page, 'session-logout-everywhere');
	const logout = demoOf(page, 'session-logout');
	let ttlAfterGet = 0;

	await test.step('1. Log in user 1 with TTL 60: WRITE, one MULTI, the session key with its TTL', async () => {
		await run(page, login, { user: 1, ttl: 60 });
		await expectOutcome(login, 'write');
		await expect(login.commands).toHaveText([
			'> MULTI',
			/^> HSET session:[\w-]{22} user-id 1 name "Ada Moreau" /,
			/^> EXPIRE session:[\w-]{22} 60$/,
			/^> SADD user-sessions:1 [\w-]{22}$/,
			'> EXPIRE user-sessions:1 60 NX',
			'> EXPIRE user-sessions:1 60 GT',
			'> SCARD user-sessions:1',
			'> EXEC'
		]);
		await expect(login.ttl(/^session:/)).toContainText(/TTL (60|59) s/);
		await expect(login.entry('cookie')).toHaveText(/^"sid=[\w-]{22}"$/);
	});

	await test.step('2. Get session: HIT, one HGETALL, no SQL', async () => {
		await run(page, get);
		await expectOutcome(get, 'hit');
		await expect(get.commands).toHaveText([/^> HGETALL session:[\w-]{22}$/]);
		await expect(get.statements).toHaveCount(0);
		ttlAfterGet = await ttlMs(get, /^session:/);
		expect(ttlAfterGet).toBeLessThan(60_000);
	});

	await test.step('3. Refresh: WRITE, EXPIRE session 60, the TTL back at 60 s', async () => {
		await run(page, refresh);
		await expectOutcome(refresh, 'write');
		await expect(refresh.commands.filter({ hasText: /^> EXPIRE session:/ })).toHaveText([
			/^> EXPIRE session:[\w-]{22} 60$/
		]);
		const ttl = await ttlMs(refresh, /^session:/);
		expect(ttl).toBeGreaterThan(ttlAfterGet);
		expect(ttl).toBeGreaterThan(59_000);
	});

	await test.step('4. Log in user 1 again, then user 2', async () => {
		await run(page, login, { user: 1 });
		await expectOutcome(login, 'write');
		await expect(login.entry('sessions in user-sessions:1')).toHaveText('2');
		await run(page, login, { user: 2 });
		await expectOutcome(login, 'write');
	});

	await test.step('5. Log out everywhere user 1: INVALIDATED, SMEMBERS then one MULTI, 2 of 2', async () => {
		await run(page, everywhere, { user: 1 });
		await expectOutcome(everywhere, 'invalidated');
		await expect(everywhere.commands).toHaveText([
			'> SMEMBERS user-sessions:1',
			'> MULTI',
			/^> DEL session:[\w-]{22} session:[\w-]{22}$/,
			/^> SREM user-sessions:1 [\w-]{22} [\w-]{22}$/,
			'> EXEC'
		]);
		await expect(everywhere.entry('listed')).toHaveText('2');
		await expect(everywhere.entry('deleted')).toHaveText('2');
	});

	await test.step("6. Get session: HIT, user 2's session was not touched", async () => {
		await run(page, get);
		await expectOutcome(get, 'hit');
		const fields = await rowsOf(get.table('fields'));
		expect(fields).toContainEqual({ field: 'name', value: 'Bilal Khan' });
	});

	await test.step('7. Log out: INVALIDATED; then Get session: MISS', async () => {
		await run(page, logout);
		await expectOutcome(logout, 'invalidated');
		await run(page, get);
		await expectOutcome(get, 'miss');
	});

	await expectAccessible(page);
});

test('leaderboard: seed, top 10, increment, rank, best sellers from SQL, a sale, clear', async ({
	page
}) => {
	test.slow(); // thirteen demo runs, then an axe scan of a page with seven demos
	await open(page, `${CHAPTER}/leaderboard`);
	const seed = demoOf(page, 'leaderboard-seed');
	const view = demoOf(page, 'leaderboard-view');
	const incr = demoOf(page, 'leaderboard-incr');
	const rank = demoOf(page, 'leaderboard-rank');
	const products = demoOf(page, 'leaderboard-products');
	const sale = demoOf(page, 'leaderboard-sale');
	const clear = demoOf(page, 'leaderboard-clear');

	await test.step('1. Seed: WRITE, ada first with 4120, ken tenth with 1520', async () => {
		await run(page, seed);
		await expectOutcome(seed, 'write');
		const rows = await rowsOf(seed.table());
		expect(rows).toHaveLength(10);
		expect(rows[0]).toEqual({ rank: '1', player: 'ada', score: '4120' });
		expect(rows[9]).toEqual({ rank: '10', player: 'ken', score: '1520' });
	});

	await test.step('2. View top 10: READ, one ZRANGE ... REV WITHSCORES', async () => {
		await run(page, view);
		await expectOutcome(view, 'read');
		await expect(view.commands).toHaveText(['> ZRANGE leaderboard:game-scores 0 9 REV WITHSCORES']);
	});

	await test.step('3. Add 1000 points to ken: WRITE, ZINCRBY and ZREVRANK in a MULTI, 2520, rank 7', async () => {
		await run(page, incr, { player: 'ken', increment: 1000 });
		await expectOutcome(incr, 'write');
		await expect(incr.commands.nth(0)).toHaveText('> MULTI');
		await expect(incr.commands.nth(1)).toHaveText('> ZINCRBY leaderboard:game-scores 1000 ken');
		await expect(incr.commands.nth(2)).toHaveText('> ZREVRANK leaderboard:game-scores ken');
		await expect(incr.commands.nth(3)).toHaveText('> EXEC');
		await expect(incr.entry('score')).toHaveText('2520');
		await expect(incr.entry('rank')).toHaveText('7');
	});

	await test.step('4. Find rank of ken: READ, 7 of 10 with neighbours; nobody: MISS', async () => {
		await run(page, rank, { player: 'ken' });
		await expectOutcome(rank, 'read');
		await expect(rank.entry('rank')).toHaveText('7');
		await expect(rank.entry('players')).toHaveText('10');
		const around = await rowsOf(rank.table('around'));
		expect(around.map((row) => row.player)).toEqual(['alan', 'barbara', 'ken', 'dennis', 'radia']);
		await run(page, rank, { player: 'nobody' });
		await expectOutcome(rank, 'miss');
	});

	await test.step('5. Show best sellers: MISS with the GROUP BY, Desk lamp 6; again: HIT, no SQL', async () => {
		await run(page, products);
		await expectOutcome(products, 'miss');
		await expect(products.statements).toHaveCount(1);
		await expect(products.statements.first()).toContainText('GROUP BY');
		expect((await rowsOf(products.table()))[0]).toEqual({
			rank: '1',
			product: 'Desk lamp',
			unitsSold: '6'
		});
		await run(page, products);
		await expectOutcome(products, 'hit');
		await expect(products.statements).toHaveCount(0);
	});

	await test.step('6. Record a sale of 5 ergonomic chairs: WRITE, one EVALSHA answered 7, the chair leads with 7', async () => {
		await run(page, sale, { product: 10, count: 5 });
		await expectOutcome(sale, 'write');
		// The script's last run (a server that has not seen it answers NOSCRIPT once first).
		const sent = await sale.commands.allTextContents();
		const at = sent.map((line) => line.startsWith('> EVALSHA ')).lastIndexOf(true);
		expect(sent[at]).toMatch(
			/^> EVALSHA [0-9a-f]{40} 2 leaderboard:best-sellers leaderboard:best-sellers:through \d+ 5 "Ergonomic chair"$/
		);
		await expect(sale.replies.nth(at)).toHaveText('"7"');
		await expect(sale.statements.filter({ hasText: 'INSERT INTO sales' })).toHaveCount(1);
		expect((await rowsOf(sale.table('top')))[0]).toEqual({
			rank: '1',
			product: 'Ergonomic chair',
			unitsSold: '7'
		});
	});

	await test.step('7. Clear: INVALIDATED; View top 10: MISS', async () => {
		await run(page, clear);
		await expectOutcome(clear, 'invalidated');
		await expect(clear.commands).toHaveText(['> DEL leaderboard:game-scores']);
		await run(page, view);
		await expectOutcome(view, 'miss');
	});

	await expectAccessible(page);
});

test('batch-write-buffer: queue without SQL, flush N changes as M writes in one transaction', async ({
	page
}) => {
	test.slow(); // an axe scan of the page after the runs
	await open(page, `${CHAPTER}/batch-write-buffer`);
	const queue = demoOf(page, 'batch-queue');
	const flush = demoOf(page, 'batch-flush');

	await test.step('1. Queue product 4, +3: QUEUED, RPUSH, no SQL', async () => {
		await run(page, queue, { product: 4, delta: 3 });
		await expectOutcome(queue, 'queued');
		await expect(queue.commands.nth(0)).toHaveText(
			'> RPUSH batch:stock-deltas "{\\"product\\":4,\\"delta\\":3}"'
		);
		await expect(queue.replies.nth(0)).toHaveText('(integer) 1');
		await expect(queue.statements).toHaveCount(0);
	});

	await test.step('2. Queue product 4, -1 and product 2, +10: product 4 has 2 changes, net 2', async () => {
		await run(page, queue, { delta: -1 });
		await expectOutcome(queue, 'queued');
		await run(page, queue, { product: 2, delta: 10 });
		await expectOutcome(queue, 'queued');
		await expect(queue.entry('buffer')).toHaveText('3');
		expect(await rowsOf(queue.table('pending'))).toEqual([
			{ product: '2', changes: '1', netDelta: '10' },
			{ product: '4', changes: '2', netDelta: '2' }
		]);
	});

	await test.step('3. Flush: FLUSHED, 3 queued → 2 writes, RENAME LRANGE DEL, two UPDATEs, stock 66', async () => {
		await run(page, flush);
		await expectOutcome(flush, 'flushed');
		await expect(flush.summary).toHaveText('3 queued → 2 writes');
		await expect(flush.commands).toHaveText([
			/^> RENAME batch:stock-deltas batch:flushing:[\w-]+$/,
			/^> LRANGE batch:flushing:[\w-]+ 0 -1$/,
			/^> DEL batch:flushing:[\w-]+$/
		]);
		await expect(flush.statements.filter({ hasText: /^UPDATE inventory/ })).toHaveCount(2);
		const writes = await rowsOf(flush.table('writes'));
		expect(writes).toContainEqual(expect.objectContaining({ product: '4', 'stock now': '66' }));
		expect(writes).toContainEqual(expect.objectContaining({ product: '2', 'stock now': '130' }));
	});

	await test.step('4. Flush again: 0 queued → 0 writes, no SQL', async () => {
		await run(page, flush);
		await expectOutcome(flush, 'flushed');
		await expect(flush.summary).toHaveText('0 queued → 0 writes');
		await expect(flush.replies).toHaveText(['(error) ERR no such key']);
		await expect(flush.statements).toHaveCount(0);
	});

	await test.step('the activity log lists the runs, newest first', async () => {
		await expect(activityEntries(page).locator('[data-outcome]')).toHaveText([
			'FLUSHED',
			'FLUSHED',
			'QUEUED',
			'QUEUED',
			'QUEUED'
		]);
	});

	await expectAccessible(page);
});
