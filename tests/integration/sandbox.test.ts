import { randomBytes } from 'node:crypto';
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import type { DemoResult } from '$lib/types';
import type { PatternContext } from '$lib/server/pattern-support';
import { findLesson } from '$lib/server/content/course';
import { SELECT_TABLE, type Table } from '$lib/server/db/queries';
import { INVENTORY } from '$lib/server/db/seed';
import { runDemo as runDemoAction } from '$lib/server/demos/run';
import { readTable } from '$lib/server/patterns/cache-aside';
import { sandboxOf, type Sandbox } from '$lib/server/sandbox/sandboxes';
import { request as contextOf, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

type Product = { id: number; stock: number };
const SEEDED_STOCK = INVENTORY[0]![4];
const newId = () => randomBytes(16).toString('base64url');

/** The database as it is, without a cache. */
const readTableDirect = ({ db }: PatternContext, table: Table) => db.all(SELECT_TABLE[table]);
const updateStock = ({ db, redis }: PatternContext) =>
	db
		.run('UPDATE inventory SET stock = stock + 1 WHERE id = 1')
		.then(() => redis.del('query:inventory'));
const runDemo = (sandbox: Sandbox, lesson: Parameters<typeof runDemoAction>[1], form: FormData) =>
	runDemoAction(sandbox, lesson, form, { slowDbMs: 0 });

/** Every key in Redis under a prefix, read with a plain client. */
async function keysUnder(prefix: string): Promise<string[]> {
	const found: string[] = [];
	let cursor = '0';
	do {
		const [next, keys] = await plain.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
		found.push(...keys);
		cursor = next;
	} while (cursor !== '0');
	return found.sort();
}

type Answer = Awaited<ReturnType<typeof runDemo>>;

/** The demo contract, or a test failure saying why the demo failed. */
function succeeded(answer: Answer): DemoResult {
	if (isActionFailure(answer)) throw new Error(`the demo failed: ${JSON.stringify(answer.data)}`);
	return answer as DemoResult;
}

/** The ActionFailure that SvelteKit turns into a 4xx answer, or a test failure. */
function failed(answer: Answer): ActionFailure<{ error: string }> {
	expect(isActionFailure(answer), 'expected fail(...), got the demo contract').toBe(true);
	return answer as ActionFailure<{ error: string }>;
}

const firstStock = (rows: unknown) => (rows as Product[])[0]!.stock;

describe('two learners', () => {
	it('never see each other’s cache: B misses after A cached', async () => {
		const a = newSandbox();
		const b = newSandbox();
		expect((await readTable((await contextOf(a)).ctx, 'inventory')).hit).toBe(false);
		expect((await readTable((await contextOf(a)).ctx, 'inventory')).hit).toBe(true);
		const bRead = await contextOf(b);
		expect((await readTable(bRead.ctx, 'inventory')).hit).toBe(false);
		expect(bRead.sql).toHaveLength(1);
	});

	it('never see each other’s database writes', async () => {
		const a = newSandbox();
		const b = newSandbox();
		await updateStock((await contextOf(a)).ctx);
		expect(firstStock(await readTableDirect((await contextOf(a)).ctx, 'inventory'))).toBe(
			SEEDED_STOCK + 1
		);
		expect(firstStock(await readTableDirect((await contextOf(b)).ctx, 'inventory'))).toBe(
			SEEDED_STOCK
		);
	});

	it('cannot delete each other’s keys: A’s DEL leaves B’s copy in place', async () => {
		const a = newSandbox();
		const b = newSandbox();
		await readTable((await contextOf(b)).ctx, 'inventory');
		await updateStock((await contextOf(a)).ctx);
		expect(await plain.exists(`${b.prefix}query:inventory`)).toBe(1);
		expect((await readTable((await contextOf(b)).ctx, 'inventory')).hit).toBe(true);
	});
});

describe('Sandbox.reset', () => {
	it('removes every key of the learner and none of another learner', async () => {
		const a = newSandbox();
		const b = newSandbox();
		const { ctx: aCtx } = await contextOf(a);
		await readTable(aCtx, 'inventory');
		await readTable(aCtx, 'customers');
		await aCtx.redis.set('note', 'x', 'EX', 60);
		await aCtx.redis.hset('h', 'f', 'v');
		await readTable((await contextOf(b)).ctx, 'inventory');
		expect(await keysUnder(a.prefix)).toHaveLength(4);
		const bKeys = await keysUnder(b.prefix);
		expect(bKeys).toEqual([`${b.prefix}query:inventory`]);

		expect(await a.reset()).toBe(4);
		expect(await keysUnder(a.prefix)).toEqual([]);
		expect(await keysUnder(b.prefix)).toEqual(bKeys);
	});

	it('restores the seeded database and clears the activity log', async () => {
		const a = newSandbox();
		await updateStock((await contextOf(a)).ctx);
		a.log('basic-caching/cache-aside', {
			demo: 'cache-invalidate',
			outcome: 'invalidated',
			summary: 'changed',
			ms: 1,
			at: Date.now()
		});
		expect(await a.activityOf('basic-caching/cache-aside')).toHaveLength(1);

		await a.reset();
		const read = await contextOf(a);
		const { hit, value } = await readTable(read.ctx, 'inventory');
		expect(hit).toBe(false);
		expect(firstStock(value)).toBe(SEEDED_STOCK);
		expect(await a.activityOf('basic-caching/cache-aside')).toEqual([]);
	});

	it('returns 0 and keeps working for a learner without keys', async () => {
		const a = newSandbox();
		expect(await a.reset()).toBe(0);
		expect(await readTableDirect((await contextOf(a)).ctx, 'sales')).toHaveLength(20);
	});
});

describe('sandboxOf', () => {
	it('returns the same sandbox for the same learner and another for another learner', () => {
		const id = newId();
		const first = sandboxOf(id);
		expect(sandboxOf(id)).toBe(first);
		expect(first.id).toBe(id);
		const other = sandboxOf(newId());
		expect(other).not.toBe(first);
		expect(other.prefix).not.toBe(first.prefix);
	});

	it('evicts the least recently used sandbox above MAX_SANDBOXES', async () => {
		vi.stubEnv('MAX_SANDBOXES', '3');
		vi.resetModules();
		try {
			const fresh = await import('$lib/server/sandbox/sandboxes');
			expect(fresh.MAX_SANDBOXES).toBe(3);
			const [a, b, c, d] = [newId(), newId(), newId(), newId()];
			const sa = fresh.sandboxOf(a);
			const sb = fresh.sandboxOf(b);
			const sc = fresh.sandboxOf(c);
			expect(fresh.sandboxOf(a)).toBe(sa); // a is now the most recently used; b the least
			const sd = fresh.sandboxOf(d);
			expect(fresh.sandboxCount()).toBe(3);
			expect(fresh.sandboxOf(a)).toBe(sa);
			expect(fresh.sandboxOf(c)).toBe(sc);
			expect(fresh.sandboxOf(d)).toBe(sd);
			const sb2 = fresh.sandboxOf(b); // b was evicted: a new, seeded sandbox
			expect(sb2).not.toBe(sb);
			expect(fresh.sandboxCount()).toBe(3);
			for (const id of [a, c, d, b]) fresh.sandboxOf(id).close();
		} finally {
			vi.unstubAllEnvs();
			vi.resetModules();
		}
	});
});

describe('runDemo', () => {
	const lesson = findLesson('basic-caching', 'cache-aside')!.lesson;
	const form = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [name, value] of Object.entries(fields)) data.set(name, value);
		return data;
	};

	it('returns the demo contract for cache-aside-read: a miss, then a hit', async () => {
		const sandbox = newSandbox();
		const input = form({ demo: 'cache-aside-read', table: 'inventory' });
		const first = succeeded(await runDemo(sandbox, lesson, input));
		expect(first).toMatchObject({ demo: 'cache-aside-read', outcome: 'miss' });
		expect(first.result).toHaveLength(INVENTORY.length);
		expect(first.trace.map((t) => t.cmd)).toEqual(['GET', 'SET']);
		expect(first.sql).toHaveLength(1);
		expect(first.ms).toBeGreaterThan(0);
		expect(first.keys).toHaveLength(1);
		expect(first.keys[0]!.key).toBe('query:inventory');
		expect(first.keys[0]!.ttlMs).toBeGreaterThan(0);
		expect(first.keys[0]!.ttlMs).toBeLessThanOrEqual(60_000);
		expect(typeof first.summary).toBe('string');

		const second = succeeded(await runDemo(sandbox, lesson, input));
		expect(second).toMatchObject({ demo: 'cache-aside-read', outcome: 'hit', sql: [] });
		expect(second.result).toEqual(first.result);
		expect(second.trace.map((t) => t.cmd)).toEqual(['GET']);
		expect((await sandbox.activityOf(lesson.id)).map((e) => e.outcome)).toEqual(['hit', 'miss']);
	});

	it('returns the invalidation contract for cache-invalidate, with the key gone', async () => {
		const sandbox = newSandbox();
		await runDemo(sandbox, lesson, form({ demo: 'cache-aside-read', table: 'inventory' }));
		const input = form({ demo: 'cache-invalidate', table: 'inventory' });
		const result = succeeded(await runDemo(sandbox, lesson, input));
		expect(result.outcome).toBe('invalidated');
		expect(result.keys).toEqual([{ key: 'query:inventory', ttlMs: -2 }]);
	});

	it.each([
		['no demo field', { table: 'inventory' }],
		['an unknown demo id', { demo: 'no-such-demo', table: 'inventory' }],
		['a demo not in the lesson', { demo: 'view-table', table: 'inventory' }],
		['a missing field', { demo: 'cache-aside-read' }],
		['a bad value', { demo: 'cache-aside-read', table: 'users' }]
	])('answers %s with fail(400, { error }), never a throw', async (_case, fields) => {
		const sandbox = newSandbox();
		const result = failed(await runDemo(sandbox, lesson, form(fields)));
		expect(result.status).toBe(400);
		expect(typeof result.data.error).toBe('string');
		expect(result.data.error.length).toBeGreaterThan(0);
		expect(await keysUnder(sandbox.prefix)).toEqual([]);
		expect(await sandbox.activityOf(lesson.id)).toEqual([]);
	});

	it('names the field and its choices when a value is wrong', async () => {
		const input = form({ demo: 'cache-aside-read', table: 'users' });
		const result = failed(await runDemo(newSandbox(), lesson, input));
		expect(result.data.error).toBe('Table must be one of: inventory, customers, sales.');
	});
});

describe('sandbox.request', () => {
	it('records touched keys and reads their TTLs in one pipeline, without tracing it', async () => {
		const run = await contextOf(newSandbox());
		await run.ctx.redis.set('a', '1', 'EX', 60);
		await run.ctx.redis.get('missing');
		expect([...run.touchedKeys]).toEqual(['a', 'missing']);
		const ttls = await run.ttls();
		expect(ttls.map(({ key }) => key)).toEqual(['a', 'missing']);
		expect(ttls[0]!.ttlMs).toBeGreaterThan(59_000);
		expect(ttls[1]!.ttlMs).toBe(-2);
		expect(run.trace.map(({ cmd }) => cmd)).toEqual(['SET', 'GET']);
	});

	it('labels what each actor of a demo sends, in one trace', async () => {
		const run = await contextOf(newSandbox());
		await run.ctx.actor('client 1').redis.get('k');
		await run.ctx.actor('client 2').db.all('SELECT 1');
		await run.ctx.redis.get('k');
		expect(run.trace.map(({ actor }) => actor)).toEqual(['client 1', undefined]);
		expect(run.sql.map(({ actor }) => actor)).toEqual(['client 2']);
	});

	it('gives a statement in a transaction a time that includes the latency it waited', async () => {
		const run = await contextOf(newSandbox(), 50);
		await run.ctx.db.transaction([['SELECT 1'], ['SELECT 2']]);
		const [first, second] = run.sql;
		expect(first!.addedLatencyMs).toBe(50);
		expect(first!.ms).toBeGreaterThanOrEqual(50);
		expect(second!.addedLatencyMs).toBe(0);
		expect(second!.ms).toBeLessThan(50);
	});

	it('closes the connections a pattern opened when the request ends', async () => {
		const run = await contextOf(newSandbox());
		const own = await run.ctx.ownConnection();
		expect(await own.ping()).toBe('PONG');
		await run.close();
		await expect(own.ping()).rejects.toThrow();
	});

	it('lists, resets and expires a learner by their own index, whatever the other keys', async () => {
		const sandbox = newSandbox();
		const run = await contextOf(sandbox);
		await run.ctx.redis.set('mine', '1');
		await plain.set('sbx:{someone-else}:mine', 'theirs', 'EX', 60);
		expect(await sandbox.keys()).toEqual(['mine']);
		await sandbox.expireIdleKeys();
		expect(await plain.ttl(`${sandbox.prefix}mine`)).toBeGreaterThan(3500);
		expect(await plain.ttl(sandbox.ns.indexKey)).toBeGreaterThan(3500);
		expect(await sandbox.reset()).toBe(1);
		expect(await plain.exists(`${sandbox.prefix}mine`, sandbox.ns.indexKey)).toBe(0);
		expect(await plain.get('sbx:{someone-else}:mine')).toBe('theirs');
	});
});

describe('the traced database', () => {
	it('records a statement that fails, with its message, and still throws', async () => {
		const run = await contextOf(newSandbox());
		await expect(run.ctx.db.all('SELECT * FROM no_such_table')).rejects.toThrow('no such table');
		expect(run.sql).toMatchObject([
			{ sql: 'SELECT * FROM no_such_table', rows: 0, error: 'no such table: no_such_table' }
		]);
	});
});
