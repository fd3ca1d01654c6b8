import { describe, expect, it } from 'vitest';
import { SAMPLE_UPDATE, SELECT_TABLE, TABLES } from '$lib/server/db/queries';
import { INVENTORY } from '$lib/server/db/seed';
import {
	TTL_SECONDS,
	cacheKey,
	readTable,
	readThrough,
	updateAndInvalidate
} from '$lib/server/patterns/cache-aside';
import { readTableDirect } from '$lib/server/patterns/no-cache';
import { writeThrough } from '$lib/server/patterns/write-through';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

type Product = { id: number; name: string; stock: number };
const SEEDED_STOCK = INVENTORY[0]![4];

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('cache-aside: readTable', () => {
	it.each(TABLES)(
		'%s: a miss loads from SQLite and caches, the next read is a hit',
		async (table) => {
			const sandbox = newSandbox();
			const first = await request(sandbox);
			const miss = await readTable(first.ctx, table);
			expect(miss.hit).toBe(false);
			expect(first.sql).toHaveLength(1);
			expect(first.sql[0]).toMatchObject({ sql: oneLine(SELECT_TABLE[table]), params: [] });
			expect(first.sql[0]!.rows).toBe((miss.value as unknown[]).length);
			expect(first.trace.map(({ cmd, args }) => [cmd, args[0]])).toEqual([
				['GET', cacheKey(table)],
				['SET', cacheKey(table)]
			]);
			expect(first.trace[0]!.reply).toBe('(nil)');
			expect(first.trace[1]).toMatchObject({
				args: [cacheKey(table), JSON.stringify(miss.value), 'EX', String(TTL_SECONDS)],
				reply: 'OK'
			});

			const second = await request(sandbox);
			const hit = await readTable(second.ctx, table);
			expect(hit).toEqual({ value: miss.value, hit: true });
			expect(second.sql).toEqual([]);
			expect(second.trace.map(({ cmd, args }) => [cmd, args])).toEqual([
				['GET', [cacheKey(table)]]
			]);
		}
	);

	it('caches under the learner prefix with a TTL of 60 s', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { value } = await readTable(ctx, 'inventory');
		const key = `${sandbox.prefix}query:inventory`;
		expect(JSON.parse((await plain.get(key))!)).toEqual(value);
		const ttl = await plain.ttl(key);
		expect(ttl).toBeGreaterThanOrEqual(1);
		expect(ttl).toBeLessThanOrEqual(60);
		const pttl = await plain.pttl(key);
		expect(pttl).toBeGreaterThan(59_000);
		expect(pttl).toBeLessThanOrEqual(60_000);
	});

	it('readThrough calls the loader only on a miss', async () => {
		const sandbox = newSandbox();
		let loads = 0;
		const load = async () => ({ answer: 42, loads: ++loads });
		const { ctx } = await request(sandbox);
		expect(await readThrough(ctx, 'answer', load)).toEqual({
			value: { answer: 42, loads: 1 },
			hit: false
		});
		expect(await readThrough(ctx, 'answer', load)).toEqual({
			value: { answer: 42, loads: 1 },
			hit: true
		});
		expect(loads).toBe(1);
	});
});

describe('cache-aside: updateAndInvalidate', () => {
	it('updates the row and deletes the cached copy: the next read is a miss with the new value', async () => {
		const sandbox = newSandbox();
		const warm = await request(sandbox);
		const before = await readTable(warm.ctx, 'inventory');
		expect((before.value as Product[])[0]!.stock).toBe(SEEDED_STOCK);

		const write = await request(sandbox);
		expect(await updateAndInvalidate(write.ctx, 'inventory', SAMPLE_UPDATE.inventory)).toBe(1);
		expect(write.sql.map((s) => [s.sql, s.rows])).toEqual([
			['UPDATE inventory SET stock = stock + 1 WHERE id = 1', 1]
		]);
		expect(write.trace.map(({ cmd, args, reply }) => ({ cmd, args, reply }))).toEqual([
			{ cmd: 'DEL', args: ['query:inventory'], reply: '(integer) 1' }
		]);
		expect(await plain.exists(`${sandbox.prefix}query:inventory`)).toBe(0);

		const after = await request(sandbox);
		const read = await readTable(after.ctx, 'inventory');
		expect(read.hit).toBe(false);
		expect((read.value as Product[])[0]!.stock).toBe(SEEDED_STOCK + 1);
		expect(after.sql).toHaveLength(1);
	});
});

describe('write-through: writeThrough', () => {
	it('updates the row and refreshes the cache: the next read is a hit with the new value', async () => {
		const sandbox = newSandbox();
		const warm = await request(sandbox);
		await readTable(warm.ctx, 'inventory');

		const write = await request(sandbox);
		const rows = (await writeThrough(write.ctx, 'inventory', SAMPLE_UPDATE.inventory)) as Product[];
		expect(rows[0]!.stock).toBe(SEEDED_STOCK + 1);
		expect(write.sql.map((s) => s.sql)).toEqual([
			'UPDATE inventory SET stock = stock + 1 WHERE id = 1',
			oneLine(SELECT_TABLE.inventory)
		]);
		expect(write.trace.map(({ cmd, args }) => [cmd, args[0], args[2], args[3]])).toEqual([
			['SET', 'query:inventory', 'EX', '60']
		]);
		const ttl = await plain.ttl(`${sandbox.prefix}query:inventory`);
		expect(ttl).toBeGreaterThanOrEqual(1);
		expect(ttl).toBeLessThanOrEqual(60);

		const after = await request(sandbox);
		const read = await readTable(after.ctx, 'inventory');
		expect(read.hit).toBe(true);
		expect(read.value).toEqual(rows);
		expect(after.sql).toEqual([]);
	});

	it('works on a cold cache too: the first read after the write is already a hit', async () => {
		const sandbox = newSandbox();
		const write = await request(sandbox);
		await writeThrough(write.ctx, 'customers', SAMPLE_UPDATE.customers);
		const after = await request(sandbox);
		const read = await readTable(after.ctx, 'customers');
		expect(read.hit).toBe(true);
		expect((read.value as { city: string }[])[0]!.city).toBe('Paris');
	});
});

describe('the slow-database setting', () => {
	it('adds its latency to every statement and records it', async () => {
		const SLOW_MS = 50;
		const sandbox = newSandbox();
		const { ctx, sql } = await request(sandbox, SLOW_MS);
		const started = performance.now();
		await updateAndInvalidate(ctx, 'inventory', SAMPLE_UPDATE.inventory);
		await readTableDirect(ctx, 'inventory');
		const elapsed = performance.now() - started;
		expect(sql).toHaveLength(2);
		for (const entry of sql) {
			expect(entry.addedLatencyMs).toBe(SLOW_MS);
			// Node timers may fire up to a millisecond early by performance.now().
			expect(entry.ms).toBeGreaterThanOrEqual(SLOW_MS - 1);
		}
		expect(elapsed).toBeGreaterThanOrEqual(2 * SLOW_MS - 2);
	});

	it('adds nothing when set to 0', async () => {
		const sandbox = newSandbox();
		const { ctx, sql } = await request(sandbox, 0);
		await readTableDirect(ctx, 'inventory');
		expect(sql[0]!.addedLatencyMs).toBe(0);
		expect(sql[0]!.ms).toBeLessThan(50);
	});
});
