import { isActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { DemoResult, TraceEntry } from '$lib/types';
import { findLesson } from '$lib/server/content/course';
import { CUSTOMERS, INVENTORY, SALES } from '$lib/server/db/seed';
import { runDemo } from '$lib/server/demos/run';
import {
	TOP_PRODUCTS_KEY,
	readTopProducts,
	recordSaleAndInvalidate
} from '$lib/server/patterns/aggregate-query';
import { CITY_SUMMARY_KEY, readCitySummary } from '$lib/server/patterns/join-group-by';
import {
	cardKey,
	invalidateCustomerCard,
	readCustomerCard
} from '$lib/server/patterns/json-fields';
import {
	hashKey,
	invalidateCustomerHash,
	patchField,
	readCustomerHash,
	rewriteJsonField,
	updateField
} from '$lib/server/patterns/redis-hash';
import {
	RECENT_PURCHASES,
	invalidateCustomerObject,
	objectKey,
	readCustomerObject,
	type CustomerObject
} from '$lib/server/patterns/serialized-object';
import {
	CUSTOMER_ORDERS_SQL,
	cachedQuery,
	invalidateCustomerOrders,
	readCustomerOrders,
	sqlKey
} from '$lib/server/patterns/sql-resultset';
import { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, runDemo as runCatalogueDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const commands = (trace: TraceEntry[]) => trace.map(({ cmd, args }) => [cmd, args[0]]);

/** The stored type and TTL of a key, read with a plain client under the learner's prefix. */
async function stored(sandbox: Sandbox, key: string) {
	return {
		type: await plain.type(sandbox.prefix + key),
		ttl: await plain.ttl(sandbox.prefix + key)
	};
}

async function expectCached(sandbox: Sandbox, key: string, type: string) {
	const { type: actual, ttl } = await stored(sandbox, key);
	expect(actual, `TYPE ${key}`).toBe(type);
	expect(ttl, `TTL ${key}`).toBeGreaterThan(55);
	expect(ttl, `TTL ${key}`).toBeLessThanOrEqual(60);
}

const price = (productId: number) => INVENTORY.find(([id]) => id === productId)![3];
const nameOf = (productId: number) => INVENTORY.find(([id]) => id === productId)![1];

// Customer 4, Dana Novak, worked out by hand from seed.ts: sales 2 (2 × 27" monitor, 279),
// 5 (1 × Ergonomic chair, 329) and 19 (1 × Webcam 1080p, 59): 558 + 329 + 59 = 946.
const DANA = 4;
const DANA_TOTAL = 946;
const DANA_RECENT = [
	{ date: '2024-09-29', product: 'Webcam 1080p', quantity: 1, amount: 59 },
	{ date: '2024-09-08', product: 'Ergonomic chair', quantity: 1, amount: 329 },
	{ date: '2024-09-03', product: '27" monitor', quantity: 2, amount: 558 }
];

describe('sql-resultset: the whole result under sql:<base64(sql+params)>', () => {
	const expectedKey = (customerId: unknown) =>
		'sql:' +
		Buffer.from(
			JSON.stringify([CUSTOMER_ORDERS_SQL.replace(/\s+/g, ' ').trim(), [customerId]])
		).toString('base64');

	it('miss → populate → hit, as one string under the exact key', async () => {
		const sandbox = newSandbox();
		const key = expectedKey(DANA);

		const first = await request(sandbox);
		const miss = await readCustomerOrders(first.ctx, DANA);
		expect(miss.hit).toBe(false);
		expect(miss.key).toBe(key);
		expect(commands(first.trace)).toEqual([
			['GET', key],
			['SET', key]
		]);
		expect(first.trace[1]!.args.slice(2)).toEqual(['EX', '60']);
		expect(first.sql).toHaveLength(1);
		expect(first.sql[0]!.params).toEqual([DANA]);
		expect(miss.rows.map((row) => (row as { amount: number }).amount)).toEqual(
			DANA_RECENT.map((p) => p.amount)
		);
		await expectCached(sandbox, key, 'string');
		expect(JSON.parse((await plain.get(sandbox.prefix + key))!)).toEqual(miss.rows);

		const second = await request(sandbox);
		const hit = await readCustomerOrders(second.ctx, DANA);
		expect(hit).toEqual({ key, rows: miss.rows, hit: true });
		expect(commands(second.trace)).toEqual([['GET', key]]);
		expect(second.sql).toEqual([]);
	});

	it('the key decodes back to the query and its parameters', () => {
		const key = sqlKey(CUSTOMER_ORDERS_SQL, [DANA]);
		const [sql, params] = JSON.parse(Buffer.from(key.slice(4), 'base64').toString());
		expect(sql).toMatch(/^SELECT s\.id, s\.sale_date, .* WHERE s\.customer_id = \? ORDER BY/);
		expect(params).toEqual([DANA]);
	});

	it('one key per query text and parameters: whitespace does not count, the parameter type does', () => {
		const reindented = CUSTOMER_ORDERS_SQL.replace(/\n\s*/g, '\n      ');
		expect(sqlKey(reindented, [DANA])).toBe(sqlKey(CUSTOMER_ORDERS_SQL, [DANA]));
		expect(sqlKey(CUSTOMER_ORDERS_SQL, [3])).not.toBe(sqlKey(CUSTOMER_ORDERS_SQL, [DANA]));
		expect(sqlKey(CUSTOMER_ORDERS_SQL, ['4'])).not.toBe(sqlKey(CUSTOMER_ORDERS_SQL, [4]));
		// Whitespace inside a literal is data: those two queries are different.
		expect(sqlKey("SELECT * FROM customers WHERE name = 'Dana  Novak'", [])).not.toBe(
			sqlKey("SELECT * FROM customers WHERE name = 'Dana Novak'", [])
		);
		expect(sqlKey("SELECT *\n  FROM customers WHERE name = 'it''s  x'", [])).toBe(
			sqlKey("SELECT * FROM customers WHERE name = 'it''s  x'", [])
		);
		expect(sqlKey(CUSTOMER_ORDERS_SQL, ['4'])).toBe(expectedKey('4'));
	});

	it('cachedQuery caches any query: the same query and parameters hit', async () => {
		const sandbox = newSandbox();
		const sql = 'SELECT name FROM customers WHERE city = ? ORDER BY id';
		const { ctx } = await request(sandbox);
		const miss = await cachedQuery<{ name: string }>(ctx, sql, ['Oslo']);
		expect(miss.rows).toEqual([{ name: 'Freya Lund' }, { name: 'Hana Sato' }]);
		expect((await cachedQuery(ctx, sql, ['Oslo'])).hit).toBe(true);
		expect((await cachedQuery(ctx, sql, ['Lyon'])).hit).toBe(false);
	});

	it('invalidate deletes that exact key: the next read is a miss', async () => {
		const sandbox = newSandbox();
		await readCustomerOrders((await request(sandbox)).ctx, DANA);
		await readCustomerOrders((await request(sandbox)).ctx, 3);

		const write = await request(sandbox);
		expect(await invalidateCustomerOrders(write.ctx, DANA)).toEqual({
			key: expectedKey(DANA),
			deleted: 1
		});
		expect(write.trace.map(({ cmd, args, reply }) => [cmd, args, reply])).toEqual([
			['DEL', [expectedKey(DANA)], '(integer) 1']
		]);
		expect(await plain.exists(sandbox.prefix + expectedKey(DANA))).toBe(0);
		// Another customer's result set is another key, untouched.
		expect(await plain.exists(sandbox.prefix + expectedKey(3))).toBe(1);

		const after = await request(sandbox);
		expect((await readCustomerOrders(after.ctx, DANA)).hit).toBe(false);
		expect(after.sql).toHaveLength(1);
	});
});

describe('json-fields: the chosen fields as JSON under customer:id:<id>', () => {
	it('miss → populate → hit; the string holds id, name, city and tier only', async () => {
		const sandbox = newSandbox();
		const key = 'customer:id:4';
		expect(cardKey(DANA)).toBe(key);

		const first = await request(sandbox);
		const miss = await readCustomerCard(first.ctx, DANA);
		expect(miss).toEqual({
			card: { id: 4, name: 'Dana Novak', city: 'Prague', tier: 'gold' },
			hit: false
		});
		expect(first.sql.map((s) => [s.sql, s.params])).toEqual([
			['SELECT id, name, city, tier FROM customers WHERE id = ?', [DANA]]
		]);
		expect(commands(first.trace)).toEqual([
			['GET', key],
			['SET', key]
		]);
		await expectCached(sandbox, key, 'string');
		expect(await plain.get(sandbox.prefix + key)).toBe(
			'{"id":4,"name":"Dana Novak","city":"Prague","tier":"gold"}'
		);

		const second = await request(sandbox);
		expect(await readCustomerCard(second.ctx, DANA)).toEqual({ card: miss.card, hit: true });
		expect(commands(second.trace)).toEqual([['GET', key]]);
		expect(second.sql).toEqual([]);
	});

	it('invalidate → miss', async () => {
		const sandbox = newSandbox();
		await readCustomerCard((await request(sandbox)).ctx, DANA);
		const write = await request(sandbox);
		expect(await invalidateCustomerCard(write.ctx, DANA)).toBe(1);
		expect(commands(write.trace)).toEqual([['DEL', 'customer:id:4']]);
		expect(await plain.exists(`${sandbox.prefix}customer:id:4`)).toBe(0);
		const after = await request(sandbox);
		expect((await readCustomerCard(after.ctx, DANA)).hit).toBe(false);
		expect(after.sql).toHaveLength(1);
	});
});

/** A run's commands without the one-time load of a script the server had not seen yet. */
const withoutScriptLoad = (trace: TraceEntry[]) =>
	trace.filter(({ cmd, reply }) => cmd !== 'SCRIPT' && !reply.includes('NOSCRIPT'));

describe('hash-encoding: the listpack limit, read from a private server', () => {
	it('reads hash-max-listpack-entries (512 on 7.0) and shows the hash turn into a hash table one field past it', async () => {
		const sandbox = newSandbox();
		const run = await runCatalogueDemo(sandbox, 'hash-encoding');
		expect(run.outcome).toBe('done');
		expect(run.result).toMatchObject({
			'hash-max-listpack-entries': 512,
			'hash-max-listpack-value (bytes)': 64
		});
		const [atLimit, pastLimit] = run.result.growth as {
			encoding: string;
			'MEMORY USAGE': number;
		}[];
		expect(atLimit!.encoding).toBe('listpack');
		expect(pastLimit!.encoding).toBe('hashtable');
		expect(pastLimit!['MEMORY USAGE']).toBeGreaterThan(atLimit!['MEMORY USAGE']);
		// The CONFIG GET went to the lab, never to the shared server.
		expect(run.trace.filter(({ cmd }) => cmd === 'CONFIG')).toHaveLength(1);
		expect(await plain.exists(`${sandbox.prefix}card:wide`)).toBe(0);
	});
});

describe('redis-hash: HSET / HGETALL on customer:hash:<id>', () => {
	const key = 'customer:hash:4';
	const DANA_HASH = { id: '4', name: 'Dana Novak', city: 'Prague', tier: 'gold' };

	it('miss → populate (HSET and EXPIRE in one MULTI) → hit with one HGETALL', async () => {
		const sandbox = newSandbox();
		expect(hashKey(DANA)).toBe(key);

		const first = await request(sandbox);
		const miss = await readCustomerHash(first.ctx, DANA);
		expect(miss).toEqual({ card: DANA_HASH, hit: false });
		expect(first.trace.map(({ cmd, args }) => [cmd, ...args])).toEqual([
			['HGETALL', key],
			['MULTI'],
			['HSET', key, 'id', '4', 'name', 'Dana Novak', 'city', 'Prague', 'tier', 'gold'],
			['EXPIRE', key, '60'],
			['EXEC']
		]);
		expect(first.trace[0]!.reply).toBe('(empty array)');
		expect(first.sql).toHaveLength(1);
		await expectCached(sandbox, key, 'hash');
		expect(await plain.hgetall(sandbox.prefix + key)).toEqual(DANA_HASH);

		const second = await request(sandbox);
		expect(await readCustomerHash(second.ctx, DANA)).toEqual({ card: DANA_HASH, hit: true });
		expect(commands(second.trace)).toEqual([['HGETALL', key]]);
		expect(second.sql).toEqual([]);
	});

	it('a patch changes one field only: one script (EXISTS, HSET), the other fields and the TTL stay', async () => {
		const sandbox = newSandbox();
		await readCustomerHash((await request(sandbox)).ctx, DANA);
		await plain.expire(sandbox.prefix + key, 45); // so a rewritten TTL (60) would show
		const before = await plain.hgetall(sandbox.prefix + key);

		const write = await request(sandbox);
		expect(await updateField(write.ctx, DANA, 'city', 'Brno')).toEqual({ patched: true });
		expect(write.sql.map((s) => [s.sql, s.params, s.rows])).toEqual([
			['UPDATE customers SET city = ? WHERE id = ?', ['Brno', DANA], 1]
		]);
		expect(
			withoutScriptLoad(write.trace).map(({ cmd, args, reply }) => [cmd, args.slice(1), reply])
		).toEqual([['EVALSHA', ['1', key, 'city', 'Brno'], '(integer) 1']]);

		const after = await plain.hgetall(sandbox.prefix + key);
		expect(after).toEqual({ ...before, city: 'Brno' });
		const changed = Object.keys(after).filter((field) => after[field] !== before[field]);
		expect(changed).toEqual(['city']);
		const ttl = await plain.ttl(sandbox.prefix + key);
		expect(ttl).toBeGreaterThan(40);
		expect(ttl).toBeLessThanOrEqual(45);

		// The next read is a hit with the new city, and the database agrees.
		const read = await request(sandbox);
		expect(await readCustomerHash(read.ctx, DANA)).toEqual({
			card: { ...DANA_HASH, city: 'Brno' },
			hit: true
		});
		await invalidateCustomerHash(read.ctx, DANA);
		expect((await readCustomerHash(read.ctx, DANA)).card?.city).toBe('Brno');
	});

	it('a patch with no hash cached writes nothing: no one-field hash, not even for a moment', async () => {
		const sandbox = newSandbox();
		const write = await request(sandbox);
		expect(await updateField(write.ctx, DANA, 'tier', 'silver')).toEqual({ patched: false });
		expect(
			withoutScriptLoad(write.trace).map(({ cmd, args, reply }) => [cmd, args.slice(1), reply])
		).toEqual([['EVALSHA', ['1', key, 'tier', 'silver'], '(integer) 0']]);
		expect(await plain.exists(sandbox.prefix + key)).toBe(0);
		const read = await request(sandbox);
		const { card, hit } = await readCustomerHash(read.ctx, DANA);
		expect(hit).toBe(false);
		expect(card).toEqual({ ...DANA_HASH, tier: 'silver' });
	});

	it('a hash missing fields is read as a miss and rebuilt whole', async () => {
		const sandbox = newSandbox();
		await plain.hset(sandbox.prefix + key, 'city', 'Brno');
		const read = await request(sandbox);
		expect(await readCustomerHash(read.ctx, DANA)).toEqual({ card: DANA_HASH, hit: false });
		expect(await plain.hgetall(sandbox.prefix + key)).toEqual(DANA_HASH);
		expect(await plain.ttl(sandbox.prefix + key)).toBeGreaterThan(55);
	});

	it('the race the lesson teaches: two patches applied in the opposite order to their commits leave the older value; a DEL leaves none', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await readCustomerHash(ctx, DANA);
		// Writer 1 commits Brno, writer 2 commits Olomouc; their patches arrive the other way round.
		await ctx.db.run('UPDATE customers SET city = ? WHERE id = ?', 'Brno', DANA);
		await ctx.db.run('UPDATE customers SET city = ? WHERE id = ?', 'Olomouc', DANA);
		await patchField(ctx, DANA, 'city', 'Olomouc');
		await patchField(ctx, DANA, 'city', 'Brno');
		expect((await readCustomerHash(ctx, DANA)).card?.city).toBe('Brno'); // stale until the TTL
		// Deleting instead is order-free: whichever DEL comes last, the next read loads Olomouc.
		await invalidateCustomerHash(ctx, DANA);
		await invalidateCustomerHash(ctx, DANA);
		expect(await readCustomerHash(ctx, DANA)).toMatchObject({ hit: false });
		expect((await readCustomerHash(ctx, DANA)).card?.city).toBe('Olomouc');
	});

	it('two concurrent patches of different fields both land in the hash', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await readCustomerHash(ctx, DANA);
		await Promise.all([
			patchField(ctx, DANA, 'city', 'Brno'),
			patchField(ctx, DANA, 'tier', 'silver')
		]);
		expect(await plain.hgetall(sandbox.prefix + key)).toEqual({
			...DANA_HASH,
			city: 'Brno',
			tier: 'silver'
		});
	});

	it('two concurrent JSON rewrites of different fields lose one change (the lesson claim)', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await readCustomerCard(ctx, DANA);
		await Promise.all([
			rewriteJsonField(ctx, DANA, 'city', 'Brno'),
			rewriteJsonField(ctx, DANA, 'tier', 'silver')
		]);
		const card = JSON.parse((await plain.get(`${sandbox.prefix}customer:id:4`))!);
		// Both GETs ran before either SET: the last SET carried the old city.
		expect(card).toEqual({ id: 4, name: 'Dana Novak', city: 'Prague', tier: 'silver' });
	});

	it('invalidate → miss', async () => {
		const sandbox = newSandbox();
		await readCustomerHash((await request(sandbox)).ctx, DANA);
		const write = await request(sandbox);
		expect(await invalidateCustomerHash(write.ctx, DANA)).toBe(1);
		expect(commands(write.trace)).toEqual([['DEL', key]]);
		expect(await plain.exists(sandbox.prefix + key)).toBe(0);
		expect((await readCustomerHash((await request(sandbox)).ctx, DANA)).hit).toBe(false);
	});
});

describe('serialized-object: an enriched object under customer:object:<id>', () => {
	it('computes totalSpent, orderCount and recentPurchases right, from three queries', async () => {
		const sandbox = newSandbox();
		const key = 'customer:object:4';
		expect(objectKey(DANA)).toBe(key);

		const first = await request(sandbox);
		const { object, hit } = await readCustomerObject(first.ctx, DANA);
		expect(hit).toBe(false);
		expect(object).toMatchObject({
			id: 4,
			name: 'Dana Novak',
			email: 'dana@example.com',
			city: 'Prague',
			tier: 'gold',
			joined: '2023-09-30',
			totalSpent: DANA_TOTAL,
			orderCount: 3,
			recentPurchases: DANA_RECENT
		});
		expect(first.sql).toHaveLength(3);
		expect(first.sql.map((s) => s.params)).toEqual([[DANA], [DANA], [DANA, RECENT_PURCHASES]]);
		expect(first.sql[0]!.sql).toMatch(/FROM customers WHERE id = \?/);
		expect(first.sql[1]!.sql).toMatch(
			/COUNT\(\*\) AS orderCount, .*SUM\(s\.quantity \* p\.price\)/
		);
		expect(first.sql[2]!.sql).toMatch(/ORDER BY s\.sale_date DESC, s\.id DESC LIMIT \?/);
		expect(commands(first.trace)).toEqual([
			['GET', key],
			['SET', key]
		]);
		await expectCached(sandbox, key, 'string');
		expect(JSON.parse((await plain.get(sandbox.prefix + key))!)).toEqual(object);

		const second = await request(sandbox);
		const cached = await readCustomerObject(second.ctx, DANA);
		expect(cached).toEqual({ object, hit: true });
		expect(second.sql).toEqual([]);
		expect(commands(second.trace)).toEqual([['GET', key]]);
	});

	it.each(CUSTOMERS.map(([id, name]) => ({ id, name })))(
		'customer $id ($name): the computed fields match the seed',
		async ({ id }) => {
			const sales = SALES.filter(([, , customer]) => customer === id);
			const spent = sales.reduce((sum, [, product, , qty]) => sum + qty * price(product), 0);
			const newest = [...sales]
				.sort((a, b) => b[4].localeCompare(a[4]) || b[0] - a[0])
				.slice(0, RECENT_PURCHASES)
				.map(([, product, , quantity, date]) => ({
					date,
					product: nameOf(product),
					quantity,
					amount: Math.round(quantity * price(product) * 100) / 100
				}));
			const { object } = await readCustomerObject((await request(newSandbox())).ctx, id);
			const { totalSpent, orderCount, recentPurchases } = object as CustomerObject;
			expect(totalSpent).toBeCloseTo(spent, 2);
			expect(orderCount).toBe(sales.length);
			expect(recentPurchases).toEqual(newest);
		}
	);

	it('invalidate → miss, and the rebuilt object has a new build time', async () => {
		const sandbox = newSandbox();
		const first = await readCustomerObject((await request(sandbox)).ctx, DANA);
		const write = await request(sandbox);
		expect(await invalidateCustomerObject(write.ctx, DANA)).toBe(1);
		expect(commands(write.trace)).toEqual([['DEL', 'customer:object:4']]);
		await new Promise((resolve) => setTimeout(resolve, 5));
		const after = await request(sandbox);
		const again = await readCustomerObject(after.ctx, DANA);
		expect(again.hit).toBe(false);
		expect(after.sql).toHaveLength(3);
		expect(again.object!.builtAt > first.object!.builtAt).toBe(true);
	});
});

describe('aggregate-query: top products by revenue in the sorted set leaderboard:top-products', () => {
	// Revenue per product from seed.ts: monitor 3 × 279, chair 2 × 329, SSD 3 × 109,
	// headset 2 × 159, desk lamp 6 × 34.
	const TOP = [
		{ rank: 1, product: '27" monitor', revenue: 837 },
		{ rank: 2, product: 'Ergonomic chair', revenue: 658 },
		{ rank: 3, product: 'Portable SSD 1 TB', revenue: 327 },
		{ rank: 4, product: 'Noise-cancelling headset', revenue: 318 },
		{ rank: 5, product: 'Desk lamp', revenue: 204 }
	];

	it('miss → populate (one MULTI: DEL, ZADD every product, EXPIRE) → hit with one ZRANGE', async () => {
		const sandbox = newSandbox();
		const first = await request(sandbox);
		expect(await readTopProducts(first.ctx)).toEqual({ top: TOP, hit: false });
		expect(first.sql).toHaveLength(1);
		expect(first.sql[0]!.sql).toMatch(/GROUP BY p\.id ORDER BY revenue DESC$/);
		expect(commands(first.trace)).toEqual([
			['ZRANGE', TOP_PRODUCTS_KEY],
			['MULTI', undefined],
			['DEL', TOP_PRODUCTS_KEY],
			['ZADD', TOP_PRODUCTS_KEY],
			['EXPIRE', TOP_PRODUCTS_KEY],
			['EXEC', undefined]
		]);
		expect(TOP_PRODUCTS_KEY).toBe('leaderboard:top-products');
		await expectCached(sandbox, TOP_PRODUCTS_KEY, 'zset');
		expect(await plain.zcard(sandbox.prefix + TOP_PRODUCTS_KEY)).toBe(10);
		expect(await plain.zscore(sandbox.prefix + TOP_PRODUCTS_KEY, 'USB-C hub')).toBe('199.5');

		const second = await request(sandbox);
		expect(await readTopProducts(second.ctx)).toEqual({ top: TOP, hit: true });
		expect(second.trace.map(({ cmd, args }) => [cmd, ...args])).toEqual([
			['ZRANGE', TOP_PRODUCTS_KEY, '0', '4', 'REV', 'WITHSCORES']
		]);
		expect(second.sql).toEqual([]);
	});

	it('a recorded sale deletes both aggregate keys; the next read is a miss with the new ranking', async () => {
		const sandbox = newSandbox();
		await readTopProducts((await request(sandbox)).ctx);
		await readCitySummary((await request(sandbox)).ctx);

		const write = await request(sandbox);
		expect(await recordSaleAndInvalidate(write.ctx, 6, 1)).toEqual({
			keys: [TOP_PRODUCTS_KEY, CITY_SUMMARY_KEY],
			deleted: 2
		});
		expect(write.sql.map((s) => [s.sql.split(' (')[0], s.params.slice(0, 3), s.rows])).toEqual([
			['INSERT INTO sales', [6, 1, 1], 1]
		]);
		expect(write.trace.map(({ cmd, args }) => [cmd, ...args])).toEqual([
			['DEL', TOP_PRODUCTS_KEY, CITY_SUMMARY_KEY]
		]);

		const after = await request(sandbox);
		const { top, hit } = await readTopProducts(after.ctx);
		expect(hit).toBe(false);
		expect(top.slice(0, 4).map((p) => [p.product, p.revenue])).toEqual([
			['27" monitor', 837],
			['Ergonomic chair', 658],
			['Noise-cancelling headset', 477],
			['Portable SSD 1 TB', 327]
		]);
	});
});

describe('join-group-by: revenue and customers per city under aggregate:city-summary', () => {
	// Per city from seed.ts: Prague = Dana 946 + Goran (4 × 34 + 45) 181; Oslo = Freya 388 +
	// Hana 577; Lyon = Ada 425 + Chen 138.8; Leeds = Bilal 288.5 + Emeka 191.7. Total 3136.
	const REVENUE = [
		['Prague', 1127],
		['Oslo', 965],
		['Lyon', 563.8],
		['Leeds', 480.2]
	];

	it('miss runs four JOIN + GROUP BY queries; populate; hit with one GET and no SQL', async () => {
		const sandbox = newSandbox();
		const first = await request(sandbox);
		const miss = await readCitySummary(first.ctx);
		expect(miss.hit).toBe(false);
		expect(miss.cities.map((c) => [c.city, c.revenue])).toEqual(REVENUE);
		expect(miss.cities[0]).toEqual({
			city: 'Prague',
			customers: 2,
			buyers: 2,
			orders: 5,
			units: 9,
			revenue: 1127,
			avgOrder: 225.4,
			sharePct: 35.9,
			topProduct: '27" monitor',
			topCustomer: 'Dana Novak'
		});
		expect(miss.cities.reduce((sum, c) => sum + c.orders, 0)).toBe(SALES.length);
		expect(first.sql).toHaveLength(4);
		for (const statement of first.sql) expect(statement.sql).toMatch(/JOIN .* GROUP BY/);
		expect(commands(first.trace)).toEqual([
			['GET', CITY_SUMMARY_KEY],
			['SET', CITY_SUMMARY_KEY]
		]);
		expect(CITY_SUMMARY_KEY).toBe('aggregate:city-summary');
		await expectCached(sandbox, CITY_SUMMARY_KEY, 'string');

		const second = await request(sandbox);
		expect(await readCitySummary(second.ctx)).toEqual({ cities: miss.cities, hit: true });
		expect(commands(second.trace)).toEqual([['GET', CITY_SUMMARY_KEY]]);
		expect(second.sql).toEqual([]);
	});

	it('a recorded sale invalidates it: the next read is a miss with the new numbers', async () => {
		const sandbox = newSandbox();
		await readCitySummary((await request(sandbox)).ctx);
		await recordSaleAndInvalidate((await request(sandbox)).ctx, 10, 6);
		expect(await plain.exists(sandbox.prefix + CITY_SUMMARY_KEY)).toBe(0);
		const after = await request(sandbox);
		const { cities, hit } = await readCitySummary(after.ctx);
		expect(hit).toBe(false);
		expect(cities[0]).toMatchObject({ city: 'Oslo', orders: 6, revenue: 965 + 329 });
	});

	it('has the largest miss of the chapter: more statements than any other technique', async () => {
		const SLOW_MS = 20;
		const sandbox = newSandbox();
		const misses = {
			'sql-resultset': (ctx: Awaited<ReturnType<typeof request>>['ctx']) =>
				readCustomerOrders(ctx, DANA),
			'json-fields': (ctx: Awaited<ReturnType<typeof request>>['ctx']) =>
				readCustomerCard(ctx, DANA),
			'redis-hash': (ctx: Awaited<ReturnType<typeof request>>['ctx']) =>
				readCustomerHash(ctx, DANA),
			'serialized-object': (ctx: Awaited<ReturnType<typeof request>>['ctx']) =>
				readCustomerObject(ctx, DANA),
			'aggregate-query': readTopProducts,
			'join-group-by': readCitySummary
		};
		const statements: Record<string, number> = {};
		const elapsed: Record<string, number> = {};
		for (const [name, read] of Object.entries(misses)) {
			const { ctx, sql } = await request(sandbox, SLOW_MS);
			const started = performance.now();
			await read(ctx);
			elapsed[name] = performance.now() - started;
			statements[name] = sql.length;
		}
		expect(statements).toEqual({
			'sql-resultset': 1,
			'json-fields': 1,
			'redis-hash': 1,
			'serialized-object': 3,
			'aggregate-query': 1,
			'join-group-by': 4
		});
		expect(elapsed['join-group-by']).toBeGreaterThanOrEqual(4 * SLOW_MS - 2);

		const { ctx } = await request(sandbox, SLOW_MS);
		const started = performance.now();
		expect((await readCitySummary(ctx)).hit).toBe(true);
		expect(performance.now() - started).toBeLessThan(SLOW_MS);
	});
});

describe('the chapter demos through the demo action of their lessons', () => {
	const lesson = (slug: string) => findLesson('advanced-caching', slug)!.lesson;
	async function run(sandbox: Sandbox, slug: string, form: Record<string, string>) {
		const data = new FormData();
		for (const [name, value] of Object.entries(form)) data.set(name, value);
		const result = await runDemo(sandbox, lesson(slug), data, { slowDbMs: 0 });
		if (isActionFailure(result)) throw new Error(JSON.stringify(result.data));
		return result as DemoResult;
	}

	it('every lesson of the chapter is in the outline, with its demos', () => {
		expect(
			[
				'sql-resultset',
				'json-fields',
				'redis-hash',
				'serialized-object',
				'aggregate-query',
				'join-group-by'
			].map((slug) => lesson(slug).demos)
		).toEqual([
			['sql-resultset', 'sql-resultset-invalidate'],
			['json-fields', 'json-fields-invalidate'],
			['redis-hash', 'json-fields', 'redis-hash-patch', 'redis-hash-invalidate', 'hash-encoding'],
			['serialized-object', 'serialized-object-invalidate'],
			['aggregate-query', 'aggregate-query-invalidate'],
			['join-group-by', 'join-group-by-invalidate']
		]);
	});

	it.each([
		['sql-resultset', 'sql-resultset', 'sql-resultset-invalidate', { 'customer-id': '4' }],
		['json-fields', 'json-fields', 'json-fields-invalidate', { 'customer-id': '4' }],
		['redis-hash', 'redis-hash', 'redis-hash-invalidate', { 'customer-id': '4' }],
		[
			'serialized-object',
			'serialized-object',
			'serialized-object-invalidate',
			{ 'customer-id': '4' }
		],
		[
			'aggregate-query',
			'aggregate-query',
			'aggregate-query-invalidate',
			{ product: '6', 'customer-id': '1' }
		],
		[
			'join-group-by',
			'join-group-by',
			'join-group-by-invalidate',
			{ product: '10', 'customer-id': '6' }
		]
	] as const)('%s: miss, hit, invalidated, miss', async (slug, read, invalidate, form) => {
		const sandbox = newSandbox();
		const readForm = { demo: read, ...('product' in form ? {} : form) };
		expect((await run(sandbox, slug, readForm)).outcome).toBe('miss');
		const hit = await run(sandbox, slug, readForm);
		expect(hit.outcome).toBe('hit');
		expect(hit.sql).toEqual([]);
		expect(hit.keys.every(({ ttlMs }) => ttlMs > 55_000 && ttlMs <= 60_000)).toBe(true);
		expect((await run(sandbox, slug, { demo: invalidate, ...form })).outcome).toBe('invalidated');
		expect((await run(sandbox, slug, readForm)).outcome).toBe('miss');
	});

	it('redis-hash-patch reports the bytes each write sent and MEMORY USAGE of both copies', async () => {
		const sandbox = newSandbox();
		await run(sandbox, 'redis-hash', { demo: 'redis-hash', 'customer-id': '4' });
		await run(sandbox, 'redis-hash', { demo: 'json-fields', 'customer-id': '4' });
		const patch = await run(sandbox, 'redis-hash', {
			demo: 'redis-hash-patch',
			'customer-id': '4',
			field: 'city',
			value: 'Brno'
		});
		expect(patch.outcome).toBe('write');
		expect(patch.sql.map((s) => s.sql)).toEqual(['UPDATE customers SET city = ? WHERE id = ?']);
		expect(
			withoutScriptLoad(patch.trace).map(({ cmd, args }) => [
				cmd,
				...(cmd === 'EVALSHA' ? args.slice(2, 4) : args.slice(0, 2))
			])
		).toEqual([
			['EVALSHA', 'customer:hash:4', 'city'],
			['GET', 'customer:id:4'],
			['SET', 'customer:id:4', '{"id":4,"name":"Dana Novak","city":"Brno","tier":"gold"}'],
			['MEMORY', 'USAGE', 'customer:hash:4'],
			['MEMORY', 'USAGE', 'customer:id:4']
		]);
		const { comparison } = patch.result as {
			comparison: { copy: string; 'bytes sent': number; 'MEMORY USAGE': number }[];
		};
		const [hash, json] = comparison;
		// *6 $7 EVALSHA $40 <sha> $1 1 $15 customer:hash:4 $4 city $4 Brno, each line ending in CRLF.
		expect(hash!['bytes sent']).toBe(4 + 13 + 47 + 7 + 22 + 10 + 10);
		const written = '{"id":4,"name":"Dana Novak","city":"Brno","tier":"gold"}';
		const setBytes = 4 + 9 + 20 + `$${written.length}\r\n`.length + written.length + 2 + 13;
		expect(json!['bytes sent']).toBe(4 + 9 + 20 + setBytes);
		expect(hash!['bytes sent']).toBeLessThan(json!['bytes sent']);
		expect(hash!['MEMORY USAGE']).toBe(
			await plain.memory('USAGE', `${sandbox.prefix}customer:hash:4`)
		);
		expect(json!['MEMORY USAGE']).toBeGreaterThan(written.length);
		expect(await plain.hget(`${sandbox.prefix}customer:hash:4`, 'city')).toBe('Brno');
	});
});
