import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import type { Chart, TraceEntry } from '$lib/types';
import { INVENTORY } from '$lib/server/db/seed';
import { DEMOS } from '$lib/server/demos';
import { readTable } from '$lib/server/patterns/cache-aside';
import {
	newLocalCache,
	onInvalidation,
	readOnServer
} from '$lib/server/patterns/distributed-invalidation';
import { readProductPage, updateProduct } from '$lib/server/patterns/event-invalidation';
import { invalidateTag, pruneTag, setWithTags } from '$lib/server/patterns/tags';
import {
	JITTER_RATIO,
	MAX_AGE_SECONDS,
	fixedKey,
	jitteredTtl,
	readFixed,
	readSliding,
	slidingKey
} from '$lib/server/patterns/ttl';
import { cacheAll, removeVersion } from '$lib/server/patterns/versioned-keys';
import { closeSubscriber } from '$lib/server/redis/subscriber';
import { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();
afterAll(() => closeSubscriber());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every key under the sandbox's prefix, without it, read with a plain client (SCAN). */
async function keysOf(sandbox: Sandbox, pattern = '*'): Promise<string[]> {
	const found = new Set<string>();
	let cursor = '0';
	do {
		const [next, keys] = await plain.scan(cursor, 'MATCH', sandbox.prefix + pattern, 'COUNT', 1000);
		for (const key of keys) found.add(key.slice(sandbox.prefix.length));
		cursor = next;
	} while (cursor !== '0');
	return [...found].sort();
}

const commands = (trace: TraceEntry[]) => trace.map(({ cmd, args }) => [cmd, ...args].join(' '));

describe('ttl-and-expiry', () => {
	it('fixed TTL: a hit leaves the expiry where the miss put it, and the key expires however often it is read', async () => {
		const sandbox = newSandbox();
		const first = await request(sandbox);
		const miss = await readFixed(first.ctx, 1, 2);
		expect(miss.hit).toBe(false);
		expect(miss.product).toMatchObject({ id: 1, name: INVENTORY[0]![1] });
		expect(commands(first.trace)).toEqual([
			'GET fixed:product:1',
			expect.stringMatching(/^SET fixed:product:1 \{.*\} EX 2$/)
		]);

		await sleep(1000);
		const second = await request(sandbox);
		const hit = await readFixed(second.ctx, 1, 2);
		expect(hit).toMatchObject({ hit: true, cachedAt: miss.cachedAt });
		expect(commands(second.trace)).toEqual(['GET fixed:product:1']);
		expect(second.sql).toEqual([]);
		expect(await plain.pttl(sandbox.prefix + fixedKey(1))).toBeLessThan(1100);

		await sleep(1100);
		const third = await request(sandbox);
		expect((await readFixed(third.ctx, 1, 2)).hit).toBe(false);
		expect(third.sql).toHaveLength(1);
	});

	it('sliding TTL: each hit resets the expiry with GETEX, so a key read often stays', async () => {
		const sandbox = newSandbox();
		const first = await request(sandbox);
		const miss = await readSliding(first.ctx, 1, 2);
		expect(miss.hit).toBe(false);
		expect(commands(first.trace)).toEqual([
			'GETEX sliding:product:1 EX 2',
			expect.stringMatching(/^SET sliding:product:1 \{.*\} EX 2$/)
		]);

		for (let i = 0; i < 2; i++) {
			await sleep(1200);
			const next = await request(sandbox);
			// 1.2 s and then 2.4 s after the miss: a fixed 2 s TTL would have expired by the second.
			expect(await readSliding(next.ctx, 1, 2)).toMatchObject({
				hit: true,
				cachedAt: miss.cachedAt
			});
			expect(commands(next.trace)).toEqual(['GETEX sliding:product:1 EX 2']);
			expect(await plain.pttl(sandbox.prefix + slidingKey(1))).toBeGreaterThan(1800);
		}
	});

	it('sliding TTL: an entry older than the maximum age is reloaded however often it is read', async () => {
		const sandbox = newSandbox();
		const old = {
			product: { id: 1, name: 'old name' },
			cachedAt: Date.now() - (MAX_AGE_SECONDS + 1) * 1000
		};
		await plain.set(sandbox.prefix + slidingKey(1), JSON.stringify(old), 'EX', 60);
		const { ctx, sql } = await request(sandbox);
		const read = await readSliding(ctx, 1, 60);
		expect(read.hit).toBe(false);
		expect(read.product.name).toBe(INVENTORY[0]![1]);
		expect(sql).toHaveLength(1);
	});

	it('jitteredTtl stays within ±JITTER_RATIO of the base and varies', () => {
		const ttls = Array.from({ length: 2000 }, () => jitteredTtl(60));
		expect(Math.min(...ttls)).toBeGreaterThanOrEqual(60 * (1 - JITTER_RATIO));
		expect(Math.max(...ttls)).toBeLessThanOrEqual(60 * (1 + JITTER_RATIO));
		expect(new Set(ttls).size).toBeGreaterThan(8);
	});

	it('ttl-jitter: without jitter every key expires in the same second; with it they spread out', async () => {
		const sandbox = newSandbox();
		const run = await runDemo(sandbox, 'ttl-jitter', { n: '200', ttl: '60' });
		expect(run.outcome).toBe('write');
		const batches = run.result.batches as {
			keys: number;
			'first expiry (s)': number;
			'last expiry (s)': number;
			'busiest second (keys)': number;
		}[];
		const [fixed, jittered] = batches;
		expect(fixed).toMatchObject({
			keys: 200,
			'busiest second (keys)': 200,
			'first expiry (s)': 60,
			'last expiry (s)': 60
		});
		expect(jittered!.keys).toBe(200);
		expect(jittered!['busiest second (keys)']).toBeLessThan(60);
		expect(jittered!['first expiry (s)']).toBeGreaterThanOrEqual(54);
		expect(jittered!['last expiry (s)']).toBeLessThanOrEqual(66);
		expect(jittered!['last expiry (s)'] - jittered!['first expiry (s)']).toBeGreaterThanOrEqual(8);

		// The chart plots what Redis reported: two series, one point per second, the same totals.
		const chart = run.result.chart as Chart;
		expect(chart.series.map((s) => s.name)).toEqual([
			'fixed TTL',
			`jittered ±${JITTER_RATIO * 100}%`
		]);
		for (const series of chart.series) {
			expect(series.points.reduce((sum, [, y]) => sum + y, 0)).toBe(200);
		}
		expect(chart.series[0]!.points.filter(([, y]) => y > 0)).toEqual([[60, 200]]);

		// What the chart says is what the server holds.
		const ttls = await Promise.all(
			Array.from({ length: 200 }, (_, i) => plain.ttl(`${sandbox.prefix}warm:jittered:${i + 1}`))
		);
		expect(Math.min(...ttls)).toBeGreaterThanOrEqual(53);
		expect(Math.max(...ttls)).toBeLessThanOrEqual(66);
		const pipelined = run.trace.filter((entry) => entry.batch === 'pipeline');
		expect(pipelined).toHaveLength(run.trace.length);
		expect(run.trace.filter((e) => e.cmd === 'SET')).toHaveLength(400);
		expect(run.trace.filter((e) => e.cmd === 'PTTL')).toHaveLength(400);
	});
});

describe('event-invalidation', () => {
	it('a price change removes exactly the keys that depend on the product', async () => {
		const sandbox = newSandbox();
		const warm = await request(sandbox);
		await readProductPage(warm.ctx, 1); // product:1, category:peripherals
		await readProductPage(warm.ctx, 3); // product:3, category:displays: not dependents
		await readTable(warm.ctx, 'inventory');
		await readTable(warm.ctx, 'sales');
		for (const key of ['customer:object:1', 'customer:object:2', 'customer:hash:1']) {
			await plain.set(sandbox.prefix + key, '{}', 'EX', 60);
		}
		expect(await keysOf(sandbox)).toEqual([
			'category:displays',
			'category:peripherals',
			'customer:hash:1',
			'customer:object:1',
			'customer:object:2',
			'product:1',
			'product:3',
			'query:inventory',
			'query:sales'
		]);

		const { ctx, trace, sql } = await request(sandbox);
		const { product, removed } = await updateProduct(ctx, 1, 'price');
		expect(product.price).toBe(INVENTORY[0]![3] + 1);
		// Product 1 was bought by customers 1 and 8 (sales 1 and 11).
		expect(removed.map(({ key, removed }) => [key, removed])).toEqual([
			['product:1', true],
			['category:peripherals', true],
			['query:inventory', true],
			['query:sales', true],
			['leaderboard:top-products', false],
			['aggregate:city-summary', false],
			['customer:object:1', true],
			['customer:object:8', false]
		]);
		expect(await keysOf(sandbox)).toEqual([
			'category:displays',
			'customer:hash:1',
			'customer:object:2',
			'product:3'
		]);
		// The database change first, then the deletes.
		expect(sql[0]!.sql).toMatch(/^UPDATE inventory SET price = price \+ 1 WHERE id = \? RETURNING/);
		expect(trace.every((e) => e.cmd === 'DEL' && e.batch === 'pipeline')).toBe(true);
	});

	it('a stock change leaves the price aggregates alone', async () => {
		const sandbox = newSandbox();
		const warm = await request(sandbox);
		await readProductPage(warm.ctx, 1);
		await readTable(warm.ctx, 'inventory');
		await readTable(warm.ctx, 'sales');
		await plain.set(`${sandbox.prefix}leaderboard:top-products`, '[]', 'EX', 60);

		const { ctx, sql } = await request(sandbox);
		const { product, removed } = await updateProduct(ctx, 1, 'stock');
		expect(product.stock).toBe(INVENTORY[0]![4] + 1);
		expect(removed.map(({ key }) => key)).toEqual([
			'product:1',
			'category:peripherals',
			'query:inventory'
		]);
		expect(removed.every((d) => d.removed)).toBe(true);
		expect(sql).toHaveLength(1); // no buyers lookup: no customer total depends on stock
		expect(await keysOf(sandbox)).toEqual(['leaderboard:top-products', 'query:sales']);
	});

	it('the demo: a read after the update is a miss with the new price', async () => {
		const sandbox = newSandbox();
		expect(
			(await runDemo(sandbox, 'event-update-product', { product: '2', action: 'read' })).outcome
		).toBe('miss');
		expect(
			(await runDemo(sandbox, 'event-update-product', { product: '2', action: 'read' })).outcome
		).toBe('hit');
		const update = await runDemo(sandbox, 'event-update-product', {
			product: '2',
			action: 'update-price'
		});
		expect(update.outcome).toBe('invalidated');
		expect(update.result.dependents).toContainEqual(
			expect.objectContaining({ key: 'product:2', removed: 'yes' })
		);
		const read = await runDemo(sandbox, 'event-update-product', { product: '2', action: 'read' });
		expect(read.outcome).toBe('miss');
		expect((read.result.product as { price: number }[])[0]!.price).toBe(INVENTORY[1]![3] + 1);
	});
});

describe('tag-invalidation', () => {
	async function tagged(sandbox: Sandbox) {
		const { ctx, trace } = await request(sandbox);
		await setWithTags(ctx, 'product:1', 'one', ['peripherals', 'on-sale']);
		await setWithTags(ctx, 'product:2', 'two', ['peripherals']);
		await setWithTags(ctx, 'product:9', 'nine', ['on-sale']);
		await setWithTags(ctx, 'product:3', 'three', ['displays']);
		return trace;
	}

	it('writes the value and its tags in one MULTI, and gives each tag set a TTL', async () => {
		const sandbox = newSandbox();
		const trace = await tagged(sandbox);
		expect(commands(trace).slice(0, 8)).toEqual([
			'MULTI',
			'SET product:1 one EX 60',
			'SADD tag:peripherals product:1',
			'EXPIRE tag:peripherals 60 NX',
			'EXPIRE tag:peripherals 60 GT',
			'SADD tag:on-sale product:1',
			'EXPIRE tag:on-sale 60 NX',
			'EXPIRE tag:on-sale 60 GT'
		]);
		expect((await plain.smembers(`${sandbox.prefix}tag:peripherals`)).sort()).toEqual([
			'product:1',
			'product:2'
		]);
		expect(await plain.ttl(`${sandbox.prefix}tag:peripherals`)).toBeGreaterThan(55);

		// A member with a longer TTL lengthens its tag set's; a shorter one never shortens it.
		const { ctx } = await request(sandbox);
		await setWithTags(ctx, 'product:4', 'four', ['peripherals'], 120);
		expect(await plain.ttl(`${sandbox.prefix}tag:peripherals`)).toBeGreaterThan(115);
		await setWithTags(ctx, 'product:5', 'five', ['peripherals'], 5);
		expect(await plain.ttl(`${sandbox.prefix}tag:peripherals`)).toBeGreaterThan(115);
	});

	it('invalidating a tag removes exactly the keys with that tag', async () => {
		const sandbox = newSandbox();
		await tagged(sandbox);
		const { ctx } = await request(sandbox);
		expect(await invalidateTag(ctx, 'on-sale')).toEqual([
			{ key: 'product:1', deleted: true },
			{ key: 'product:9', deleted: true }
		]);
		expect(await keysOf(sandbox)).toEqual([
			'product:2',
			'product:3',
			'tag:displays',
			'tag:peripherals'
		]);
		// product:1 also carried "peripherals": it is a stale member there now.
		expect((await plain.smembers(`${sandbox.prefix}tag:peripherals`)).sort()).toEqual([
			'product:1',
			'product:2'
		]);
		expect(await invalidateTag(ctx, 'on-sale')).toEqual([]);
	});

	it('members whose keys already expired are reported, removed, and never block the others', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await setWithTags(ctx, 'report:daily', 'x', ['reports'], 1);
		await setWithTags(ctx, 'report:weekly', 'y', ['reports'], 60);
		await sleep(1100);
		expect(await invalidateTag(ctx, 'reports')).toEqual([
			{ key: 'report:daily', deleted: false },
			{ key: 'report:weekly', deleted: true }
		]);
		expect(await keysOf(sandbox)).toEqual([]);
	});

	it('clean-up takes out exactly the members whose keys are gone, atomically with a script', async () => {
		const sandbox = newSandbox();
		await tagged(sandbox);
		const first = await request(sandbox);
		await setWithTags(first.ctx, 'product:7', 'seven', ['peripherals'], 1);
		await invalidateTag(first.ctx, 'on-sale'); // product:1 is gone, still in tag:peripherals
		await sleep(1100); // product:7 expires

		const { ctx, trace } = await request(sandbox);
		expect(await pruneTag(ctx, 'peripherals')).toEqual({
			kept: ['product:2'],
			removed: ['product:1', 'product:7']
		});
		expect(await plain.smembers(`${sandbox.prefix}tag:peripherals`)).toEqual(['product:2']);
		expect(await keysOf(sandbox)).toEqual([
			'product:2',
			'product:3',
			'tag:displays',
			'tag:peripherals'
		]);
		expect(trace.map((e) => e.cmd)).toContain('SSCAN');
		expect(trace.map((e) => e.cmd).at(-1)).toBe('EVALSHA');
	});

	it('the demos: tag-set refuses a tag set as key; tag-invalidate reports deleted and stale keys', async () => {
		const tagSet = DEMOS.get('tag-set')!;
		const bad = v.safeParse(tagSet.schema, { key: 'tag:x', tags: 'a' });
		expect(bad.success).toBe(false);
		expect(bad.issues?.[0]?.message).toMatch(/tag:/);
		expect(v.safeParse(tagSet.schema, { key: 'page:product:1', tags: ' , ' }).success).toBe(false);
		expect(v.safeParse(tagSet.schema, { key: 'k', tags: 'a,b,c,d,e,f' }).success).toBe(false);

		const sandbox = newSandbox();
		const duplicates = await runDemo(sandbox, 'tag-set', {
			key: 'page:product:3',
			tags: ' a, b ,a,, '
		});
		expect(commands(duplicates.trace).filter((line) => line.startsWith('SADD'))).toEqual([
			'SADD tag:a page:product:3',
			'SADD tag:b page:product:3'
		]);
		const set = await runDemo(sandbox, 'tag-set', {
			key: 'page:product:1',
			tags: 'peripherals,on-sale'
		});
		expect(set.outcome).toBe('write');
		expect(set.result['tag sets']).toEqual([
			{ set: 'tag:peripherals', members: 'page:product:1' },
			{ set: 'tag:on-sale', members: 'page:product:1' }
		]);
		await runDemo(sandbox, 'tag-set', { key: 'page:product:2', tags: 'peripherals' });
		const invalidate = await runDemo(sandbox, 'tag-invalidate', {
			tag: 'on-sale',
			action: 'invalidate'
		});
		expect(invalidate.outcome).toBe('invalidated');
		expect(invalidate.result.keys).toEqual([{ key: 'page:product:1', status: 'deleted' }]);
		const cleanUp = await runDemo(sandbox, 'tag-invalidate', {
			tag: 'peripherals',
			action: 'clean-up'
		});
		expect(cleanUp.outcome).toBe('done');
		expect(cleanUp.result.members).toEqual([
			{ member: 'page:product:1', status: 'removed: its key is gone' },
			{ member: 'page:product:2', status: 'kept: its key exists' }
		]);
	});
});

describe('versioned-keys', () => {
	it('removes exactly the old version with SCAN batches, never KEYS, and nothing of the new one', async () => {
		const sandbox = newSandbox();
		const other = newSandbox();
		const setup = await request(sandbox);
		const v1 = await cacheAll(setup.ctx, 'v1');
		const v2 = await cacheAll(setup.ctx, 'v2');
		expect(v1).toHaveLength(18);
		expect(v2).toHaveLength(18);
		await cacheAll((await request(other)).ctx, 'v1');
		// Near misses of the pattern v1:* must survive.
		for (const key of ['v10:product:1', 'xv1:product:1', 'product:1', 'V1:product:1']) {
			await plain.set(sandbox.prefix + key, '{}', 'EX', 60);
		}
		const before = await keysOf(sandbox);

		const { ctx, trace } = await request(sandbox);
		const batches = await removeVersion(ctx, 'v1', 5);
		expect(batches.length).toBeGreaterThan(1);
		expect(batches.reduce((sum, b) => sum + b.removed, 0)).toBe(18);
		expect(batches.at(-1)!.cursor).toBe('0');

		const after = await keysOf(sandbox);
		expect(after).toEqual(before.filter((key) => !key.startsWith('v1:')));
		expect(after.filter((key) => key.startsWith('v2:')).sort()).toEqual([...v2].sort());
		expect(await keysOf(other, 'v1:*')).toHaveLength(18);

		// The trace: SCAN calls with the cursor of the previous reply, each batch in one UNLINK.
		expect(trace.map((e) => e.cmd)).not.toContain('KEYS');
		expect(new Set(trace.map((e) => e.cmd))).toEqual(new Set(['SCAN', 'UNLINK']));
		const scans = trace.filter((e) => e.cmd === 'SCAN');
		expect(scans).toHaveLength(batches.length);
		expect(scans[0]!.args).toEqual(['0', 'MATCH', 'v1:*', 'COUNT', '5']);
		scans.slice(1).forEach((scan, i) => expect(scan.args[0]).toBe(batches[i]!.cursor));
		for (const unlink of trace.filter((e) => e.cmd === 'UNLINK')) {
			expect(unlink.args.every((key) => key.startsWith('v1:'))).toBe(true);
		}
	});

	it('the demo: cache v1, cache v2, clean up v1', async () => {
		const sandbox = newSandbox();
		expect(
			(await runDemo(sandbox, 'versioned-keys', { action: 'cache-v1', count: '10' })).outcome
		).toBe('write');
		await runDemo(sandbox, 'versioned-keys', { action: 'cache-v2', count: '10' });
		const cleanUp = await runDemo(sandbox, 'versioned-keys', { action: 'clean-up-v1', count: '4' });
		expect(cleanUp.outcome).toBe('invalidated');
		expect(cleanUp.result).toMatchObject({ 'v1 keys removed': 18, 'v2 keys still cached': 18 });
		expect(cleanUp.result['SCAN calls']).toBeGreaterThan(1);
		expect(await keysOf(sandbox, 'v1:*')).toEqual([]);
		expect(await keysOf(sandbox, 'v2:*')).toHaveLength(18);
	});
});

describe('distributed-invalidation: two-servers', () => {
	const STOCK = INVENTORY[0]![4];
	const act = (sandbox: Sandbox, action: string, invalidation = 'on') =>
		runDemo(sandbox, 'two-servers', { action, invalidation });

	it('with invalidation on, after an update neither server serves the old value', async () => {
		const sandbox = newSandbox();
		const readA = await act(sandbox, 'read-on-a');
		expect(readA.outcome).toBe('miss');
		expect(readA.result).toMatchObject({ 'served from': 'SQLite', stock: STOCK });
		const readB = await act(sandbox, 'read-on-b');
		expect(readB.outcome).toBe('hit');
		expect(readB.result).toMatchObject({ 'served from': 'Redis', stock: STOCK });
		const againB = await act(sandbox, 'read-on-b');
		expect(againB.outcome).toBe('hit');
		expect(againB.result).toMatchObject({ 'served from': "server B's memory", stock: STOCK });
		expect(againB.trace).toEqual([]); // its own memory: no Redis command at all

		// A real subscriber on the learner's namespaced channel sees the message too.
		const listener = plain.duplicate();
		const heard: string[] = [];
		listener.on('message', (_channel: string, message: string) => heard.push(message));
		await listener.subscribe(`${sandbox.prefix}cache:invalidate`);
		try {
			const update = await act(sandbox, 'update', 'on');
			expect(update.outcome).toBe('invalidated');
			expect(update.result).toMatchObject({
				'stock in SQLite': STOCK + 1,
				'dropped on the message': 'B'
			});
			expect(commands(update.trace)).toEqual([
				'DEL product:1',
				expect.stringMatching(
					/^PUBLISH cache:invalidate \{"key":"product:1","from":"A","id":"[0-9a-f]{16}"\}$/
				)
			]);
			// The course's PSUBSCRIBE and this SUBSCRIBE both received it.
			expect(Number(update.trace[1]!.reply.replace('(integer) ', ''))).toBeGreaterThanOrEqual(2);
			await expect.poll(() => heard.length).toBe(1);
			expect(JSON.parse(heard[0]!)).toMatchObject({ key: 'product:1', from: 'A' });
		} finally {
			listener.disconnect();
		}

		for (const action of ['read-on-b', 'read-on-a']) {
			const read = await act(sandbox, action);
			expect(read.outcome, action).not.toBe('stale');
			expect(read.result.stock, action).toBe(STOCK + 1);
		}
	});

	it('with invalidation off, server B serves the old value: STALE', async () => {
		const sandbox = newSandbox();
		await act(sandbox, 'read-on-a');
		await act(sandbox, 'read-on-b');
		const update = await act(sandbox, 'update', 'off');
		expect(update.outcome).toBe('write');
		expect(commands(update.trace)).toEqual(['DEL product:1']); // nothing published

		const readB = await act(sandbox, 'read-on-b');
		expect(readB.outcome).toBe('stale');
		expect(readB.result).toMatchObject({
			'served from': "server B's memory",
			stock: STOCK,
			'stock in SQLite': STOCK + 1
		});
		// Server A made the write and dropped its own copy: it reads the new value.
		const readA = await act(sandbox, 'read-on-a');
		expect(readA.outcome).toBe('miss');
		expect(readA.result.stock).toBe(STOCK + 1);
	});

	it('the race: a read in flight during the update keeps the old stock without the version check, and declines it with the check', async () => {
		const sandbox = newSandbox();
		await act(sandbox, 'read-on-a'); // the shared copy is in Redis
		const race = await act(sandbox, 'race');
		expect(race.outcome).toBe('done');
		const rows = race.result.race as Record<string, unknown>[];
		const step = (name: string) => rows.find((r) => String(r.step).startsWith(name))!;
		expect(step('B misses')).toMatchObject({
			'without the version check': STOCK,
			'with the version check': STOCK + 1
		});
		expect(step('A commits')).toMatchObject({
			'without the version check': STOCK + 1,
			'with the version check': STOCK + 2
		});
		expect(step('B stores')).toMatchObject({
			'without the version check': 'kept',
			'with the version check': 'declined'
		});
		expect(step("B's memory")).toMatchObject({
			'without the version check': `stock ${STOCK}`,
			'with the version check': 'none'
		});
		// Each actor's commands are labelled: B's GET, then A's DEL and PUBLISH.
		expect(race.trace.map(({ actor, cmd }) => `${actor} ${cmd}`).slice(0, 3)).toEqual([
			'server B GET',
			'server A DEL',
			'server A PUBLISH'
		]);
		// With the check, B's next read goes to Redis and the database and gets the new stock.
		const readB = await act(sandbox, 'read-on-b');
		expect(readB.outcome).toBe('miss');
		expect(readB.result.stock).toBe(STOCK + 2);
	});

	it('readOnServer declines to keep a value when an invalidation arrives while it reads', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const local = newLocalCache();
		const reading = readOnServer(ctx, local, 1);
		// The message lands while the GET is on the wire.
		onInvalidation(local, JSON.stringify({ key: 'product:1' }));
		const read = await reading;
		expect(read).toMatchObject({ from: 'database', kept: false });
		expect(local.copies.has('product:1')).toBe(false);
		// No message in flight: the next read keeps its copy, and the one after is from memory.
		expect(await readOnServer(ctx, local, 1)).toMatchObject({ from: 'redis', kept: true });
		expect((await readOnServer(ctx, local, 1)).from).toBe('memory');
		// Anything that is not one of ours on the channel is ignored.
		expect(onInvalidation(local, 'hello from the console')).toBe(false);
	});

	it('a HIT from memory is timed alone; the verification SELECT is labelled apart', async () => {
		const sandbox = newSandbox();
		await act(sandbox, 'read-on-b');
		const hit = await act(sandbox, 'read-on-b');
		expect(hit.outcome).toBe('hit');
		expect(Object.keys(hit.result)[0]).toBe('read time');
		expect(hit.result['read time']).toMatch(/^\d+\.\d\d ms from server B's memory$/);
		expect(hit.sql.map(({ actor }) => actor)).toEqual(['check, not the read']);
		// The page leads with the read's own time, not the action's, which includes the check.
		expect(hit.headline?.what).toBe("to read from server B's memory");
		expect(`${hit.headline!.ms.toFixed(2)} ms from server B's memory`).toBe(
			hit.result['read time']
		);
	});

	it("one learner's message never reaches another learner's servers", async () => {
		const alice = newSandbox();
		const bob = newSandbox();
		for (const sandbox of [alice, bob]) {
			await act(sandbox, 'read-on-a');
			await act(sandbox, 'read-on-b');
			await act(sandbox, 'read-on-b');
		}
		await act(bob, 'update', 'on');
		await act(alice, 'update', 'on'); // binds alice's channel too
		await act(alice, 'read-on-b');
		await act(alice, 'read-on-b'); // alice's B caches the new value again
		await act(bob, 'update', 'on');
		const read = await act(alice, 'read-on-b');
		expect(read.outcome).toBe('hit');
		expect(read.result['served from']).toBe("server B's memory");
	});
});
