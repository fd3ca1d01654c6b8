import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '$lib/types';
import { INVENTORY } from '$lib/server/db/seed';
import { DEMOS } from '$lib/server/demos';
import { cacheKey, fetchCached, invalidate } from '$lib/server/patterns/api-cache';
import { BUFFER_KEY, flush, queueDelta } from '$lib/server/patterns/batch-write-buffer';
import type { PatternContext } from '$lib/server/pattern-support';
import {
	BEST_SELLERS_KEY,
	UNITS_BY_PRODUCT_SQL,
	bestSellers,
	countSale,
	recordSale
} from '$lib/server/patterns/best-sellers';
import {
	LEADERBOARD_KEY,
	addPoints,
	clear,
	rankOf,
	replaceBoard,
	top
} from '$lib/server/patterns/leaderboard';
import {
	getSession,
	login,
	logout,
	logoutEverywhere,
	refreshSession,
	sessionKey,
	userSessionsKey
} from '$lib/server/patterns/sessions';
import {
	MAX_LATENCY_MS,
	MIN_LATENCY_MS,
	callUpstream,
	counters,
	type Endpoint
} from '$lib/server/demos/support/simulated-upstream';
import { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const commands = (trace: TraceEntry[]) => trace.map(({ cmd, args }) => [cmd, ...args].join(' '));

/** Every key of the sandbox matching a glob, without the prefix, sorted. */
const keysOf = async (sandbox: Sandbox, pattern: string) =>
	(await sandbox.keys(pattern, 10_000)).sort();

/** The pattern in front of the course's stand-in upstream, and how long the upstream took. */
async function fetchFromApi(ctx: PatternContext, endpoint: Endpoint, ttlSeconds: number) {
	let upstreamMs = 0;
	const read = await fetchCached(ctx, endpoint, ttlSeconds, async () => {
		const { body, latencyMs } = await callUpstream(ctx.memory, endpoint);
		upstreamMs = latencyMs;
		return body;
	});
	return { ...read, upstreamMs };
}

/** The calls the simulated upstream received from this learner, as its dashboard shows them. */
const upstreamCalls = async (sandbox: Sandbox, endpoint: Endpoint) =>
	(await counters(sandbox.memory))(endpoint)['upstream calls'];

describe('api-caching', () => {
	it('a miss waits for the upstream and caches its answer with the chosen TTL; a hit does not call it', async () => {
		const sandbox = newSandbox();
		const first = await request(sandbox);
		const started = performance.now();
		const miss = await fetchFromApi(first.ctx, '/api/weather', 30);
		const missMs = performance.now() - started;

		expect(miss.hit).toBe(false);
		expect(miss.upstreamMs).toBeGreaterThanOrEqual(MIN_LATENCY_MS);
		expect(miss.upstreamMs).toBeLessThan(MAX_LATENCY_MS + 50);
		expect(missMs).toBeGreaterThanOrEqual(MIN_LATENCY_MS);
		expect(commands(first.trace)).toEqual([
			'GET api-cache:/api/weather',
			expect.stringMatching(/^SET api-cache:\/api\/weather \{.+\} EX 30$/)
		]);
		expect(first.sql).toEqual([]);
		const ttl = await plain.pttl(sandbox.prefix + cacheKey('/api/weather'));
		expect(ttl).toBeGreaterThan(29_000);
		expect(ttl).toBeLessThanOrEqual(30_000);
		expect(await upstreamCalls(sandbox, '/api/weather')).toBe(1);

		const second = await request(sandbox);
		const hit = await fetchFromApi(second.ctx, '/api/weather', 30);
		expect(hit.hit).toBe(true);
		expect(commands(second.trace)).toEqual(['GET api-cache:/api/weather']);
		// The same body, numbers included: the upstream's answers move on every call, the copy does not.
		expect(hit.body).toEqual(miss.body);
		expect(hit.fetchedAt).toBe(miss.fetchedAt);
		expect(await upstreamCalls(sandbox, '/api/weather')).toBe(1);
	});

	it('the demo shows the upstream call counter beside the hit count, per endpoint', async () => {
		const sandbox = newSandbox();
		const runs = [];
		for (let i = 0; i < 3; i++) {
			runs.push(await runDemo(sandbox, 'api-fetch', { endpoint: '/api/products', ttl: '60' }));
		}
		const rates = await runDemo(sandbox, 'api-fetch', {
			endpoint: '/api/exchange-rates',
			ttl: '10'
		});
		expect(runs.map((run) => run.outcome)).toEqual(['miss', 'hit', 'hit']);
		expect(runs.map(({ result }) => [result['upstream calls'], result['cache hits']])).toEqual([
			[1, 0],
			[1, 1],
			[1, 2]
		]);
		expect(rates.outcome).toBe('miss');
		expect(rates.result.counters).toEqual([
			{ endpoint: '/api/products', 'upstream calls': 1, 'cache hits': 2 },
			{ endpoint: '/api/weather', 'upstream calls': 0, 'cache hits': 0 },
			{ endpoint: '/api/exchange-rates', 'upstream calls': 1, 'cache hits': 0 }
		]);
		expect(await plain.ttl(sandbox.prefix + 'api-cache:/api/products')).toBeGreaterThan(55);
		expect(await plain.ttl(sandbox.prefix + 'api-cache:/api/exchange-rates')).toBeLessThanOrEqual(
			10
		);
		// Each learner's upstream counts their own calls.
		const other = newSandbox();
		const theirs = await runDemo(other, 'api-fetch', { endpoint: '/api/products', ttl: '60' });
		expect(theirs.outcome).toBe('miss');
		expect(theirs.result['upstream calls']).toBe(1);
	});

	it('invalidating sends the next request to the upstream; so does the TTL running out', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await fetchFromApi(ctx, '/api/products', 10);
		const dropped = await runDemo(sandbox, 'api-invalidate', { endpoint: '/api/products' });
		expect(dropped.outcome).toBe('invalidated');
		expect(commands(dropped.trace)).toEqual(['DEL api-cache:/api/products']);
		expect(dropped.result).toEqual({ deleted: 'api-cache:/api/products', existed: true });
		expect((await fetchFromApi(ctx, '/api/products', 10)).hit).toBe(false);
		expect(await upstreamCalls(sandbox, '/api/products')).toBe(2);

		await fetchFromApi(ctx, '/api/weather', 1);
		expect((await fetchFromApi(ctx, '/api/weather', 1)).hit).toBe(true);
		await sleep(1_100);
		expect((await fetchFromApi(ctx, '/api/weather', 1)).hit).toBe(false);
		expect(await upstreamCalls(sandbox, '/api/weather')).toBe(2);
		expect(await invalidate(ctx, '/api/exchange-rates')).toBe(0);
	});

	it('the TTL is set when the copy is written: a hit asking for another TTL does not move it', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await fetchFromApi(ctx, '/api/products', 60);
		const hit = await request(sandbox);
		expect((await fetchFromApi(hit.ctx, '/api/products', 10)).hit).toBe(true);
		expect(commands(hit.trace)).toEqual(['GET api-cache:/api/products']);
		expect(await plain.ttl(sandbox.prefix + cacheKey('/api/products'))).toBeGreaterThan(55);
	});

	it('refuses an endpoint or a TTL outside the choices', () => {
		const demo = DEMOS.get('api-fetch')!;
		expect(v.safeParse(demo.schema, { endpoint: '/api/users', ttl: '30' }).success).toBe(false);
		expect(v.safeParse(demo.schema, { endpoint: '/api/weather', ttl: '15' }).success).toBe(false);
	});
});

describe('sessions', () => {
	const ttlMs = (sandbox: Sandbox, key: string) => plain.pttl(sandbox.prefix + key);

	it('login writes the hash, its TTL and the index entry in one MULTI', async () => {
		const sandbox = newSandbox();
		const { ctx, trace, sql } = await request(sandbox);
		const { sessionId, session, indexed } = await login(ctx, 4, 120);

		expect(sessionId).toMatch(/^[\w-]{22}$/);
		expect(sql.map((entry) => entry.sql)).toEqual([
			'SELECT name, email, tier FROM customers WHERE id = ?'
		]);
		expect(commands(trace).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
			'MULTI',
			`HSET ${sessionKey(sessionId)}`,
			`EXPIRE ${sessionKey(sessionId)}`,
			`SADD ${userSessionsKey(4)}`,
			`EXPIRE ${userSessionsKey(4)}`,
			`EXPIRE ${userSessionsKey(4)}`,
			`SCARD ${userSessionsKey(4)}`,
			'EXEC'
		]);
		expect(trace.every(({ batch }) => batch === 'multi')).toBe(true);
		expect(await plain.hgetall(sandbox.prefix + sessionKey(sessionId))).toEqual({
			...session,
			'user-id': '4',
			name: 'Dana Novak',
			email: 'dana@example.com',
			tier: 'gold',
			'ttl-seconds': '120'
		});
		expect(await plain.type(sandbox.prefix + sessionKey(sessionId))).toBe('hash');
		expect(await ttlMs(sandbox, sessionKey(sessionId))).toBeGreaterThan(119_000);
		expect(await plain.smembers(sandbox.prefix + userSessionsKey(4))).toEqual([sessionId]);
		expect(indexed).toBe(1);
		expect(await getSession(ctx, sessionId)).toEqual(session);
	});

	it("the index lives as long as the user's longest session (EXPIRE NX, then GT)", async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await login(ctx, 1, 300);
		await login(ctx, 1, 60);
		expect(await ttlMs(sandbox, userSessionsKey(1))).toBeGreaterThan(299_000);
		await login(ctx, 2, 60);
		expect(await ttlMs(sandbox, userSessionsKey(2))).toBeLessThanOrEqual(60_000);
		await login(ctx, 2, 300);
		expect(await ttlMs(sandbox, userSessionsKey(2))).toBeGreaterThan(299_000);
	});

	it('get leaves the TTL alone; refresh pushes it back to the full length, index included', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { sessionId } = await login(ctx, 3, 60);
		await plain.pexpire(sandbox.prefix + sessionKey(sessionId), 20_000);
		await plain.pexpire(sandbox.prefix + userSessionsKey(3), 20_000);

		expect(await getSession(ctx, sessionId)).not.toBeNull();
		expect(await ttlMs(sandbox, sessionKey(sessionId))).toBeLessThanOrEqual(20_000);

		const refreshed = await request(sandbox);
		expect(await refreshSession(refreshed.ctx, sessionId)).toMatchObject({ ttlSeconds: 60 });
		expect(commands(refreshed.trace)).toEqual([
			`HGETALL ${sessionKey(sessionId)}`,
			'MULTI',
			`EXPIRE ${sessionKey(sessionId)} 60`,
			`EXPIRE ${userSessionsKey(3)} 60 NX`,
			`EXPIRE ${userSessionsKey(3)} 60 GT`,
			'EXEC'
		]);
		expect(await ttlMs(sandbox, sessionKey(sessionId))).toBeGreaterThan(59_000);
		expect(await ttlMs(sandbox, userSessionsKey(3))).toBeGreaterThan(59_000);
	});

	it('a refresh after the session is gone does not bring it back', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { sessionId } = await login(ctx, 5, 60);
		await plain.del(sandbox.prefix + sessionKey(sessionId));
		expect(await refreshSession(ctx, sessionId)).toBeNull();
		expect(await plain.exists(sandbox.prefix + sessionKey(sessionId))).toBe(0);
		expect(await getSession(ctx, sessionId)).toBeNull();
	});

	it('logout removes that one session and its index entry, nothing else', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const phone = await login(ctx, 6, 120);
		const laptop = await login(ctx, 6, 120);
		expect(await logout(ctx, phone.sessionId)).toBe(true);
		expect(await getSession(ctx, phone.sessionId)).toBeNull();
		expect(await getSession(ctx, laptop.sessionId)).not.toBeNull();
		expect(await plain.smembers(sandbox.prefix + userSessionsKey(6))).toEqual([laptop.sessionId]);
		expect(await logout(ctx, phone.sessionId)).toBe(false);
	});

	it("logout-everywhere removes exactly that user's sessions", async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const byUser = new Map<number, string[]>();
		for (const [user, count] of [
			[1, 3],
			[2, 4],
			[3, 2],
			[7, 1]
		] as const) {
			const ids = [];
			for (let i = 0; i < count; i++) ids.push((await login(ctx, user, 300)).sessionId);
			byUser.set(user, ids);
		}
		const before = await keysOf(sandbox, 'session:*');
		expect(before).toHaveLength(10);

		const run = await request(sandbox);
		const { sessionIds, deleted } = await logoutEverywhere(run.ctx, 2);
		expect(sessionIds.sort()).toEqual([...byUser.get(2)!].sort());
		expect(deleted).toBe(4);
		// Its keys were named by the index: no SCAN, no KEYS.
		expect(run.trace.map(({ cmd }) => cmd)).toEqual(['SMEMBERS', 'MULTI', 'DEL', 'SREM', 'EXEC']);

		const after = await keysOf(sandbox, 'session:*');
		const expected = [...byUser]
			.filter(([user]) => user !== 2)
			.flatMap(([, ids]) => ids.map(sessionKey))
			.sort();
		expect(after).toEqual(expected);
		expect(await plain.exists(sandbox.prefix + userSessionsKey(2))).toBe(0);
		for (const user of [1, 3, 7]) {
			expect((await plain.smembers(sandbox.prefix + userSessionsKey(user))).sort()).toEqual(
				[...byUser.get(user)!].sort()
			);
			for (const id of byUser.get(user)!) {
				expect(await ttlMs(sandbox, sessionKey(id))).toBeGreaterThan(0);
			}
		}
		expect(await logoutEverywhere(ctx, 2)).toEqual({ sessionIds: [], deleted: 0 });
	});

	it('logout-everywhere counts, but cannot delete, sessions that already expired', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const gone = await login(ctx, 8, 60);
		const live = await login(ctx, 8, 60);
		await plain.del(sandbox.prefix + sessionKey(gone.sessionId)); // as if its TTL ran out
		const run = await runDemo(sandbox, 'session-logout-everywhere', { user: '8' });
		expect(run.outcome).toBe('invalidated');
		expect(run.result).toMatchObject({ listed: 2, deleted: 1, 'already expired': 1 });
		expect(await getSession(ctx, live.sessionId)).toBeNull();
		expect(await plain.exists(sandbox.prefix + userSessionsKey(8))).toBe(0);
	});

	it('logins racing with logout-everywhere leave no live session outside the index', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const otherUser = await login(ctx, 2, 300);
		const work: Promise<unknown>[] = [];
		for (let i = 0; i < 60; i++) {
			work.push(login(ctx, 1, 300));
			if (i % 6 === 0) work.push(logoutEverywhere(ctx, 1));
		}
		await Promise.all(work);

		const live = await keysOf(sandbox, 'session:*');
		const indexed = (await plain.smembers(sandbox.prefix + userSessionsKey(1))).map(sessionKey);
		const ofUser1 = live.filter((key) => key !== sessionKey(otherUser.sessionId));
		// Every session of user 1 still alive is listed, so one more call finds them all.
		expect(ofUser1.every((key) => indexed.includes(key))).toBe(true);
		const last = await logoutEverywhere(ctx, 1);
		expect(last.deleted).toBe(ofUser1.length);
		expect(await keysOf(sandbox, 'session:*')).toEqual([sessionKey(otherUser.sessionId)]);
	});

	it('the demos act on the session the cookie names: login, get, refresh, logout', async () => {
		const sandbox = newSandbox();
		expect((await runDemo(sandbox, 'session-get')).outcome).toBe('miss');
		const login = await runDemo(sandbox, 'session-login', { user: '1', ttl: '60' });
		expect(login.outcome).toBe('write');
		const cookie = String(login.result.cookie);
		expect(cookie).toMatch(/^sid=[\w-]{22}$/);

		const got = await runDemo(sandbox, 'session-get');
		expect(got.outcome).toBe('hit');
		expect(got.result.cookie).toBe(cookie);
		expect(commands(got.trace)).toEqual([`HGETALL ${login.result.session}`]);
		expect(got.sql).toEqual([]);

		const refreshed = await runDemo(sandbox, 'session-refresh');
		expect(refreshed.outcome).toBe('write');
		expect(refreshed.result).toMatchObject({ refreshed: true, 'TTL (s)': 60 });

		const out = await runDemo(sandbox, 'session-logout');
		expect(out.outcome).toBe('invalidated');
		expect((await runDemo(sandbox, 'session-get')).outcome).toBe('miss');
		expect((await runDemo(sandbox, 'session-refresh')).outcome).toBe('miss');
		expect((await runDemo(sandbox, 'session-logout')).outcome).toBe('miss');
	});
});

describe('leaderboard', () => {
	/** The board the seed demo writes, highest first. */
	const SEEDED: [string, number][] = [
		['ada', 4120],
		['grace', 3870],
		['linus', 3510],
		['margaret', 3345],
		['alan', 2980],
		['barbara', 2710],
		['dennis', 2455],
		['radia', 2190],
		['edsger', 1875],
		['ken', 1520]
	];
	const seeded = SEEDED.map(([player, score], i) => ({ rank: i + 1, player, score }));
	const seed = (ctx: PatternContext) => replaceBoard(ctx, Object.fromEntries(SEEDED));

	it('seed and view: the top 10, highest first, from one sorted set', async () => {
		const sandbox = newSandbox();
		const seeding = await runDemo(sandbox, 'leaderboard-seed');
		expect(seeding.outcome).toBe('write');
		expect(seeding.trace.map(({ cmd }) => cmd)).toEqual(['MULTI', 'DEL', 'ZADD', 'EXEC', 'ZRANGE']);
		expect(await plain.type(sandbox.prefix + LEADERBOARD_KEY)).toBe('zset');

		const view = await runDemo(sandbox, 'leaderboard-view');
		expect(view.outcome).toBe('read');
		expect(commands(view.trace)).toEqual([`ZRANGE ${LEADERBOARD_KEY} 0 9 REV WITHSCORES`]);
		expect(view.result).toEqual(seeded);
	});

	it('an increment moves the player and reports the rank of the new score', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await seed(ctx);
		const incr = await runDemo(sandbox, 'leaderboard-incr', { player: 'ken', increment: '1000' });
		expect(incr.result).toMatchObject({ player: 'ken', score: 2520, rank: 7 });
		expect(incr.trace.slice(0, 4).map(({ cmd }) => cmd)).toEqual([
			'MULTI',
			'ZINCRBY',
			'ZREVRANK',
			'EXEC'
		]);
		expect(await addPoints(ctx, 'ken', -2000)).toEqual({ player: 'ken', score: 520, rank: 10 });
		// A new player joins on their first points.
		expect(await addPoints(ctx, 'newcomer', 5000)).toEqual({
			player: 'newcomer',
			score: 5000,
			rank: 1
		});
		expect((await top(ctx)).map(({ player }) => player)).toHaveLength(10);
	});

	it('100 concurrent increments all count (ZINCRBY is atomic)', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await seed(ctx);
		await Promise.all(Array.from({ length: 100 }, () => addPoints(ctx, 'radia', 7)));
		expect(await plain.zscore(sandbox.prefix + LEADERBOARD_KEY, 'radia')).toBe(String(2190 + 700));
	});

	it("a player's rank, score and neighbours; an unknown player has no rank", async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await seed(ctx);
		const found = await rankOf(ctx, 'alan');
		expect(found).toEqual({
			player: 'alan',
			rank: 5,
			score: 2980,
			players: 10,
			around: seeded.slice(2, 7)
		});
		expect((await rankOf(ctx, 'ada'))!.around).toEqual(seeded.slice(0, 3));
		const missing = await runDemo(sandbox, 'leaderboard-rank', { player: 'nobody' });
		expect(missing.outcome).toBe('miss');
		expect(missing.result.rank).toBeNull();
	});

	it('clear deletes the board; the view says it is empty', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await seed(ctx);
		const cleared = await runDemo(sandbox, 'leaderboard-clear');
		expect(cleared.outcome).toBe('invalidated');
		expect(commands(cleared.trace)).toEqual([`DEL ${LEADERBOARD_KEY}`]);
		expect(await plain.exists(sandbox.prefix + LEADERBOARD_KEY)).toBe(0);
		expect((await runDemo(sandbox, 'leaderboard-view')).outcome).toBe('miss');
		expect(await clear(ctx)).toBe(0);
	});

	it('best sellers: built from one GROUP BY on a miss, read from the sorted set after', async () => {
		const sandbox = newSandbox();
		const built = await runDemo(sandbox, 'leaderboard-products');
		expect(built.outcome).toBe('miss');
		expect(built.sql).toHaveLength(1);
		expect(built.sql[0]!.sql).toMatch(/GROUP BY p\.id$/);
		expect(built.trace.map(({ cmd }) => cmd)).toEqual([
			'ZRANGE',
			'MULTI',
			'DEL',
			'ZADD',
			'EXPIRE',
			'SET',
			'ZRANGE',
			'EXEC'
		]);
		// The seeded sales: 6 desk lamps, then 5 each of two products (ties go by name, Z first).
		expect(built.result).toEqual([
			{ rank: 1, product: 'Desk lamp', unitsSold: 6 },
			{ rank: 2, product: 'Wireless mouse', unitsSold: 5 },
			{ rank: 3, product: 'USB-C hub', unitsSold: 5 },
			{ rank: 4, product: 'Webcam 1080p', unitsSold: 3 },
			{ rank: 5, product: 'Portable SSD 1 TB', unitsSold: 3 }
		]);
		expect(await plain.zcard(sandbox.prefix + BEST_SELLERS_KEY)).toBe(INVENTORY.length);
		expect(await plain.ttl(sandbox.prefix + BEST_SELLERS_KEY)).toBeGreaterThan(3500);

		const again = await runDemo(sandbox, 'leaderboard-products');
		expect(again.outcome).toBe('hit');
		expect(again.sql).toEqual([]);
		expect(again.result).toEqual(built.result);
	});

	it('a sale moves the board with one script (ZINCRBY on a built board), and the board matches a recount', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await bestSellers(ctx);
		const sale = await runDemo(sandbox, 'leaderboard-sale', { product: '10', count: '5' });
		expect(sale.outcome).toBe('write');
		const sent = sale.trace.filter(
			({ cmd, reply }) => cmd !== 'SCRIPT' && !reply.includes('NOSCRIPT')
		);
		expect(sent.map(({ cmd, args }) => [cmd, ...args.slice(1)])[0]).toEqual([
			'EVALSHA',
			'2',
			BEST_SELLERS_KEY,
			`${BEST_SELLERS_KEY}:through`,
			'21',
			'5',
			'Ergonomic chair'
		]);
		expect(sale.result['units sold']).toBe(7);
		expect((sale.result.top as { product: string }[])[0]!.product).toBe('Ergonomic chair');

		const recount = await ctx.db.all<{ product: string; units: number }>(UNITS_BY_PRODUCT_SQL);
		const board = await plain.zrange(sandbox.prefix + BEST_SELLERS_KEY, 0, -1, 'WITHSCORES');
		const fromBoard = new Map<string, number>();
		for (let i = 0; i < board.length; i += 2) fromBoard.set(board[i]!, Number(board[i + 1]));
		expect(fromBoard).toEqual(new Map(recount.map(({ product, units }) => [product, units])));
	});

	it('a sale before the board is built adds nothing to Redis; the build then counts it', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		expect(await recordSale(ctx, 10, 1, 5)).toEqual({
			product: 'Ergonomic chair',
			unitsSold: null
		});
		expect(await plain.exists(sandbox.prefix + BEST_SELLERS_KEY)).toBe(0);
		const { top: best, built } = await bestSellers(ctx);
		expect(built).toBe(true);
		expect(best[0]).toEqual({ rank: 1, product: 'Ergonomic chair', unitsSold: 7 });
	});

	it('the rebuild race: a sale the build already counted is not added again, where ZADD XX INCR would count it twice', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		// The sale commits; before its board update arrives, a build (the board had expired) counts it.
		const { id } = (await ctx.db.get<{ id: number }>(
			`INSERT INTO sales (product_id, customer_id, quantity, sale_date)
			VALUES (10, 1, 5, date('now')) RETURNING id`
		))!;
		const { top } = await bestSellers(ctx);
		expect(top[0]).toEqual({ rank: 1, product: 'Ergonomic chair', unitsSold: 7 });
		// Then the sale's own update arrives: the board says the build counted it already.
		expect(await countSale(ctx, id, 'Ergonomic chair', 5)).toBe(7);
		expect(await plain.zscore(sandbox.prefix + BEST_SELLERS_KEY, 'Ergonomic chair')).toBe('7');
		// The classic recipe's update would have counted it twice.
		await ctx.redis.zadd(BEST_SELLERS_KEY, 'XX', 'INCR', 5, 'Ergonomic chair');
		expect(await plain.zscore(sandbox.prefix + BEST_SELLERS_KEY, 'Ergonomic chair')).toBe('12');
	});

	it('a sale after the build is counted once, whatever the order of later sales', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await bestSellers(ctx);
		expect((await recordSale(ctx, 10, 1, 5)).unitsSold).toBe(7);
		expect((await recordSale(ctx, 10, 2, 1)).unitsSold).toBe(8);
		const recount = await ctx.db.all<{ product: string; units: number }>(UNITS_BY_PRODUCT_SQL);
		expect(recount.find((r) => r.product === 'Ergonomic chair')!.units).toBe(8);
	});

	it('the flaw the script avoids: a plain ZINCRBY on a missing board makes a board of one', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await ctx.redis.zincrby(BEST_SELLERS_KEY, 5, 'Ergonomic chair');
		const { top: best, built } = await bestSellers(ctx);
		expect(built).toBe(false);
		expect(best).toEqual([{ rank: 1, product: 'Ergonomic chair', unitsSold: 5 }]);
	});
});

describe('batch-write-buffer', () => {
	type StockRow = { id: number; stock: number };
	const stocks = async (ctx: PatternContext) =>
		new Map(
			(await ctx.db.all<StockRow>('SELECT id, stock FROM inventory')).map((r) => [r.id, r.stock])
		);

	it('queueing is one RPUSH and no SQL; the buffer sums per product', async () => {
		const sandbox = newSandbox();
		const run = await runDemo(sandbox, 'batch-queue', { product: '4', delta: '3' });
		expect(run.outcome).toBe('queued');
		expect(commands(run.trace)).toEqual([
			`RPUSH ${BUFFER_KEY} {"product":4,"delta":3}`,
			`LRANGE ${BUFFER_KEY} 0 -1`
		]);
		expect(run.sql).toEqual([]);
		await runDemo(sandbox, 'batch-queue', { product: '4', delta: '-1' });
		const last = await runDemo(sandbox, 'batch-queue', { product: '2', delta: '10' });
		expect(last.result).toEqual({
			queued: 'product 2: +10',
			buffer: 3,
			pending: [
				{ product: 2, changes: 1, netDelta: 10 },
				{ product: 4, changes: 2, netDelta: 2 }
			]
		});
	});

	it('a flush turns N queued changes into M writes in one transaction', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const before = await stocks(ctx);
		for (const [product, delta] of [
			[1, 5],
			[3, -2],
			[1, -1],
			[3, -4],
			[1, 2],
			[7, 1],
			[7, -1]
		] as const) {
			await queueDelta(ctx, product, delta);
		}
		const run = await runDemo(sandbox, 'batch-flush');
		expect(run.outcome).toBe('flushed');
		// Product 7's changes cancel out: no write for it.
		expect(run.result.batch).toBe('7 queued → 2 writes');
		expect(run.summary).toBe('7 queued → 2 writes');
		const updates = run.sql.filter(({ sql }) => sql.startsWith('UPDATE'));
		expect(updates.map(({ params }) => params)).toEqual([
			[6, 1],
			[-6, 3]
		]);
		const [rename, lrange, del] = run.trace;
		expect(rename!.cmd).toBe('RENAME');
		expect(rename!.args[0]).toBe(BUFFER_KEY);
		expect(rename!.args[1]).toMatch(/^batch:flushing:[\w-]+$/);
		expect(commands([lrange!, del!])).toEqual([
			`LRANGE ${rename!.args[1]} 0 -1`,
			`DEL ${rename!.args[1]}`
		]);

		const after = await stocks(ctx);
		expect(after.get(1)).toBe(before.get(1)! + 6);
		expect(after.get(3)).toBe(before.get(3)! - 6);
		expect(after.get(7)).toBe(before.get(7));
		expect(await keysOf(sandbox, 'batch:*')).toEqual([]);
	});

	it('one transaction: the writes share one round trip of latency, and commit together', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		for (let product = 1; product <= 10; product++) await queueDelta(ctx, product, 1);
		const run = await request(sandbox, 50);
		const started = performance.now();
		const { queued, writes } = await flush(run.ctx);
		expect([queued, writes.length]).toEqual([10, 10]);
		expect(performance.now() - started).toBeLessThan(10 * 50);
		expect(run.sql.filter(({ addedLatencyMs }) => addedLatencyMs > 0)).toHaveLength(1);
	});

	it('an empty buffer flushes to nothing: no SQL', async () => {
		const sandbox = newSandbox();
		const run = await runDemo(sandbox, 'batch-flush');
		expect(run.result.batch).toBe('0 queued → 0 writes');
		expect(run.sql).toEqual([]);
		expect(run.trace.map(({ cmd, reply }) => [cmd, reply])).toEqual([
			['RENAME', '(error) ERR no such key']
		]);
	});

	it('a failed transaction writes nothing and leaves the batch in Redis under its own key', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const before = await stocks(ctx);
		await queueDelta(ctx, 2, 4);
		await queueDelta(ctx, 5, -3);
		// Product 5's UPDATE will fail: a trigger refuses it, after product 2's has run.
		await ctx.db.run(
			`CREATE TRIGGER refuse AFTER UPDATE ON inventory WHEN NEW.id = 5
			BEGIN SELECT RAISE(ABORT, 'refused'); END`
		);
		await expect(flush(ctx)).rejects.toThrow('refused');
		await ctx.db.run('DROP TRIGGER refuse');

		expect(await stocks(ctx)).toEqual(before);
		const left = await keysOf(sandbox, 'batch:flushing:*');
		expect(left).toHaveLength(1);
		expect(await plain.lrange(sandbox.prefix + left[0]!, 0, -1)).toEqual([
			'{"product":2,"delta":4}',
			'{"product":5,"delta":-3}'
		]);
	});

	it('the classic LRANGE-then-DEL drain loses a change queued between the two', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await queueDelta(ctx, 1, 1);
		await queueDelta(ctx, 1, 1);
		const taken = await ctx.redis.lrange(BUFFER_KEY, 0, -1);
		await queueDelta(ctx, 1, 5); // another request, between the LRANGE and the DEL
		await ctx.redis.del(BUFFER_KEY);
		expect(taken).toHaveLength(2);
		expect(await ctx.redis.lrange(BUFFER_KEY, 0, -1)).toEqual([]); // the +5 is gone

		// RENAME has no "between": the same interleaving keeps the +5 for the next flush.
		await queueDelta(ctx, 1, 1);
		const flushing = flush(ctx);
		await queueDelta(ctx, 1, 5);
		await flushing;
		expect(await ctx.redis.lrange(BUFFER_KEY, 0, -1)).toEqual(['{"product":1,"delta":5}']);
	});

	it('with queueing running concurrently with flushes, the queued deltas add up to the change in SQLite', async () => {
		const sandbox = newSandbox();
		const look = await request(sandbox);
		const before = await stocks(look.ctx);
		const sums = new Map<number, number>();
		let queueing = true;
		let flushes = 0;
		let flushedItems = 0;

		const queuer = async () => {
			const { ctx } = await request(sandbox);
			for (let i = 0; i < 60; i++) {
				const product = 1 + Math.floor(Math.random() * INVENTORY.length);
				const delta = Math.floor(Math.random() * 21) - 10;
				await queueDelta(ctx, product, delta);
				sums.set(product, (sums.get(product) ?? 0) + delta);
				if (i % 10 === 0) await sleep(Math.random() * 5);
			}
		};
		// Flushes overlap each other too: each drains into a key of its own.
		const flusher = async () => {
			const { ctx } = await request(sandbox, 20);
			while (queueing) {
				const { queued } = await flush(ctx);
				flushes++;
				flushedItems += queued;
				await sleep(Math.random() * 10);
			}
		};
		const flushing = [flusher(), flusher()];
		await Promise.all(Array.from({ length: 8 }, queuer));
		const flushedWhileQueueing = flushedItems;
		queueing = false;
		await Promise.all(flushing);
		const { ctx } = await request(sandbox);
		flushedItems += (await flush(ctx)).queued;

		expect(flushes).toBeGreaterThan(2);
		expect(flushedWhileQueueing).toBeGreaterThan(0);
		expect(flushedItems).toBe(8 * 60);
		const after = await stocks(ctx);
		for (const [id] of INVENTORY) {
			expect(after.get(id), `product ${id}`).toBe(before.get(id)! + (sums.get(id) ?? 0));
		}
		expect(await keysOf(sandbox, 'batch:*')).toEqual([]);
	});
});
