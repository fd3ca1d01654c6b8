import { describe, expect, it } from 'vitest';
import { SELECT_PRODUCT } from '$lib/server/db/products';
import { INVENTORY } from '$lib/server/db/seed';
import { TTL_SECONDS } from '$lib/server/patterns/cache-aside';
import { productKey, readFailOpen, readProduct } from '$lib/server/patterns/fail-open';
import { labServersRunning } from '$lib/server/redis/labs';
import { request, runDemo, useSandboxes } from './fixtures';
import { alive } from './processes';

const { plain, newSandbox } = useSandboxes();

const sharedConfig = async () => (await plain.config('GET', '*')) as string[];
const pidOf = async (redis: { info(section: string): Promise<string> }) =>
	Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);

describe('a lab server stopped and started again (Lab.stop, Lab.start)', () => {
	it('fails every command at once while stopped, in plain words in the trace, and comes back with what it persisted', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab({ config: { appendonly: 'yes', appendfsync: 'always' } });
		await lab.redis.set('order:1', 'paid');
		const pid = await pidOf(lab.redis);

		await lab.stop({ crash: true });
		expect(alive(pid)).toBe(false);
		for (let i = 0; i < 3; i++) {
			const started = performance.now();
			await expect(lab.redis.get('order:1')).rejects.toThrow(/enableOfflineQueue/);
			expect(performance.now() - started).toBeLessThan(200); // refused at once, never queued
		}
		expect(run.trace.at(-1)).toMatchObject({
			cmd: 'GET',
			args: ['order:1'],
			reply: '(error) no connection to Redis: the client did not send the command'
		});

		await lab.start();
		expect(await lab.redis.get('order:1')).toBe('paid'); // the AOF had it
		expect(await pidOf(lab.redis)).not.toBe(pid);
		await lab.start(); // a running server: nothing happens
		expect(await lab.redis.ping()).toBe('PONG');

		await run.close();
		expect(labServersRunning()).toBe(0);
	});

	it('a graceful stop without persistence keeps nothing; the port and directory are the same after', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await lab.redis.set('k', 'v');
		const [, dir] = (await lab.redis.config('GET', 'dir')) as [string, string];
		await lab.stop();
		await lab.start();
		expect(await lab.redis.get('k')).toBeNull();
		expect(await lab.redis.config('GET', 'dir')).toEqual(['dir', dir]);
		expect(Number(/tcp_port:(\d+)/.exec(await lab.redis.info('server'))?.[1])).toBe(lab.port);
	});

	it('a lab stopped by its demo is cleaned up when the request ends', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		const [, dir] = (await lab.redis.config('GET', 'dir')) as [string, string];
		await lab.stop({ crash: true });
		await run.close();
		expect(labServersRunning()).toBe(0);
		const { existsSync } = await import('node:fs');
		expect(existsSync(dir)).toBe(false);
	});
});

describe('readFailOpen', () => {
	it('a miss loads and caches; a hit reads no SQL; with Redis down the database answers and nothing is written', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		const ctx = { ...run.ctx, redis: lab.redis };

		const miss = await readProduct(ctx, 2);
		expect(miss).toMatchObject({ servedFromDatabase: true, cacheError: null });
		expect(miss.value).toMatchObject({ id: 2 });
		const hit = await readProduct(ctx, 2);
		expect(hit).toEqual({ value: miss.value, servedFromDatabase: false, cacheError: null });
		expect(await lab.redis.ttl(productKey(2))).toBeGreaterThan(TTL_SECONDS - 5);

		await lab.stop();
		const before = run.trace.length;
		const down = await readProduct(ctx, 3);
		expect(down.servedFromDatabase).toBe(true);
		expect(down.value).toMatchObject({ id: 3 });
		expect(down.cacheError).toBeInstanceOf(Error);
		// One GET, refused; no SET attempted while Redis is down.
		expect(run.trace.slice(before).map(({ cmd, reply }) => [cmd, reply])).toEqual([
			['GET', '(error) no connection to Redis: the client did not send the command']
		]);
		expect(run.sql.map(({ sql, params }) => [sql, params])).toEqual([
			[SELECT_PRODUCT, [2]],
			[SELECT_PRODUCT, [3]]
		]);
	});

	it('a Redis error reply (not a connection failure) is recorded as the server said it, and the read still answers', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await lab.redis.hset('product:9', 'name', 'a hash, not a string');
		const read = await readFailOpen(
			{ ...run.ctx, redis: lab.redis },
			'product:9',
			async () => 'row'
		);
		expect(read).toMatchObject({ value: 'row', servedFromDatabase: true });
		expect(read.cacheError?.message).toMatch(/^WRONGTYPE/);
		expect(run.trace.at(-1)).toMatchObject({
			cmd: 'GET',
			reply: '(error) WRONGTYPE Operation against a key holding the wrong kind of value'
		});
	});
});

describe('demo redis-outage', () => {
	it('miss, then served from the database while stopped (fast), then a hit; the shared server untouched', async () => {
		const before = await sharedConfig();
		const { outcome, result, trace, sql, headline } = await runDemo(newSandbox(), 'redis-outage');
		expect(outcome).toBe('degraded');
		expect(result.servedFromDatabase).toBe(true);
		const steps = result.steps as Record<string, unknown>[];
		expect(steps.map((s) => [s.step, s.redis, s['served from'], s.servedFromDatabase])).toEqual([
			['1. read', 'up', 'database', true],
			['2. read', 'stopped', 'database (Redis unavailable)', true],
			['3. read', 'up again', 'cache', false]
		]);
		expect(steps.map((s) => s.product)).toEqual(Array(3).fill(INVENTORY[0]![1]));
		expect(result['what the app logged']).toMatch(/enableOfflineQueue/);
		// The trace: GET (nil), SET, the refused GET, then the hit.
		expect(
			trace.map(({ cmd, reply }) => `${cmd} ${reply.startsWith('"') ? '"…"' : reply}`)
		).toEqual([
			'GET (nil)',
			'SET OK',
			'GET (error) no connection to Redis: the client did not send the command',
			'GET "…"'
		]);
		expect(sql).toHaveLength(2);
		expect(headline!.ms).toBeLessThan(2000);
		expect(await sharedConfig()).toEqual(before);
	});
});

describe('demo slowlog', () => {
	it('KEYS over half a million keys is logged with its time inside Redis; the GET after it is not', async () => {
		const before = await sharedConfig();
		const { outcome, result, trace } = await runDemo(newSandbox(), 'slowlog');
		expect(outcome).toBe('done');
		expect(result['slowlog-log-slower-than (µs)']).toBe(10_000); // the 7.0 default
		expect(result['KEYS order:* found']).toBe(1);
		const logged = result['SLOWLOG GET'] as Record<string, unknown>[];
		expect(logged.map(({ command }) => command)).toEqual(['keys order:*']); // as the client sent it
		const micros = logged[0]!['ran for (µs)'] as number;
		expect(micros).toBeGreaterThan(10_000);
		// The time inside the server is part of the round trip the client saw.
		expect(micros / 1000).toBeLessThanOrEqual(result['KEYS round trip (ms)'] as number);
		expect(result['GET order:1 logged']).toBe('no');
		expect(trace.map(({ cmd, args }) => [cmd, ...args.slice(0, 1)].join(' '))).toEqual([
			'CONFIG GET',
			'DEBUG POPULATE',
			'SET order:1',
			'SLOWLOG RESET',
			'KEYS order:*',
			'GET order:1',
			'SLOWLOG GET'
		]);
		expect(await sharedConfig()).toEqual(before);
	});
});
