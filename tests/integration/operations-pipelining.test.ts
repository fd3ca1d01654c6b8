import { isActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Bars, DemoResult, TraceEntry } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import { runDemo as runPageDemo } from '$lib/server/demos/run';
import {
	compareReads,
	getOneByOne,
	getPipelined,
	getWithMget,
	setPipelined
} from '$lib/server/patterns/pipelining';
import { labServersRunning } from '$lib/server/redis/labs';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const keysOf = (n: number) => Array.from({ length: n }, (_, i) => `pipelining:item:${i + 1}`);
const shape = (trace: TraceEntry[]) => trace.map(({ cmd, args, batch }) => [cmd, args[0], batch]);

describe('pipelining: n GETs one by one, in one pipeline, in one MGET', () => {
	it('writes n keys in one pipeline with a TTL, then reads them n round trips, one pipeline, one MGET', async () => {
		const sandbox = newSandbox();
		const n = 50;
		const keys = keysOf(n);
		const { outcome, result, trace } = await runDemo(sandbox, 'pipelining', { n: String(n) });
		expect(outcome).toBe('done');

		// The write: one pipeline of SET key value EX 60; then the three reads, in order.
		expect(trace).toHaveLength(3 * n + 1);
		trace.slice(0, n).forEach((entry, i) => {
			expect(entry).toMatchObject({ cmd: 'SET', reply: 'OK', batch: 'pipeline' });
			expect(entry.args).toEqual([keys[i], `value of ${keys[i]}`, 'EX', '60']);
		});
		// One by one, then MGET, then the pipeline: the trace ends on short lines, not on the MGET.
		expect(shape(trace.slice(n, 2 * n))).toEqual(keys.map((key) => ['GET', key, undefined]));
		expect(trace[2 * n]).toMatchObject({ cmd: 'MGET', args: keys });
		const pipelined = trace.slice(2 * n + 1);
		expect(shape(pipelined)).toEqual(keys.map((key) => ['GET', key, 'pipeline']));
		for (const [i, { reply }] of [...trace.slice(n, 2 * n), ...pipelined].entries()) {
			expect(reply).toBe(`"value of ${keys[i % n]}"`);
		}
		// A pipeline's commands share one time, the batch's: one round trip.
		expect(new Set(trace.slice(0, n).map(({ ms }) => ms)).size).toBe(1);
		expect(new Set(pipelined.map(({ ms }) => ms)).size).toBe(1);

		expect(result).toMatchObject({
			n,
			roundTrips: { sequential: n, pipeline: 1, mget: 1 }
		});
		// The bars come first in the result, so the page draws them above the numbers.
		expect(Object.keys(result)).toEqual([
			'bars',
			'n',
			'sequentialMs',
			'pipelineMs',
			'mgetMs',
			'roundTrips'
		]);
		const bars = result.bars as Bars;
		expect(bars.unit).toBe('ms');
		expect(bars.bars.map(({ label }) => label)).toEqual([
			`${n} GETs, one by one`,
			`one pipeline of ${n} GETs`,
			`one MGET of ${n} keys`
		]);
		expect(bars.bars.map(({ value }) => value)).toEqual([
			result.sequentialMs,
			result.pipelineMs,
			result.mgetMs
		]);
		for (const ms of [result.sequentialMs, result.pipelineMs, result.mgetMs]) {
			expect(ms).toBeGreaterThan(0);
		}
		// By construction the one-by-one time holds each GET's own round trip, as the trace timed it.
		const ownRoundTrips = trace.slice(n, 2 * n).reduce((sum, { ms }) => sum + ms, 0);
		expect(result.sequentialMs as number).toBeGreaterThanOrEqual(Math.floor(ownRoundTrips));

		// The keys are the learner's, with the TTL the write gave them.
		const ttl = await plain.ttl(sandbox.prefix + keys[0]);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(60);
		expect(await plain.exists(keys[0]!)).toBe(0);
	});

	it('at n = 1000: 3,001 commands, 2,000 GETs and one MGET of 1000 keys', async () => {
		const { result, trace, summary } = await runDemo(newSandbox(), 'pipelining', { n: '1000' });
		expect(trace).toHaveLength(3001);
		expect(trace.filter(({ cmd }) => cmd === 'GET')).toHaveLength(2000);
		expect(result.roundTrips).toEqual({ sequential: 1000, pipeline: 1, mget: 1 });
		expect(summary).toMatch(
			/^1000 keys: [\d.]+ ms one by one, [\d.]+ ms in a pipeline, [\d.]+ ms with MGET$/
		);
		// The MGET line names 1000 keys; its reply is shortened for the page, not 1000 lines long.
		const mget = trace.find(({ cmd }) => cmd === 'MGET')!;
		expect(mget.args).toHaveLength(1000);
		expect(mget.reply.length).toBeLessThan(400);
		expect(trace.at(-1)).toMatchObject({ cmd: 'GET', args: ['pipelining:item:1000'] });
	});

	it('the three read functions return the same values, with null for a missing key', async () => {
		const { ctx } = await request(newSandbox());
		const keys = ['pipelining:t:1', 'pipelining:t:missing', 'pipelining:t:2'];
		await setPipelined(
			ctx.redis,
			[
				['pipelining:t:1', 'a'],
				['pipelining:t:2', 'b']
			],
			30
		);
		const expected = ['a', null, 'b'];
		expect(await getOneByOne(ctx.redis, keys)).toEqual(expected);
		expect(await getPipelined(ctx.redis, keys)).toEqual(expected);
		expect(await getWithMget(ctx.redis, keys)).toEqual(expected);
		const { sequential, pipeline, mget } = await compareReads(ctx.redis, keys);
		for (const way of [sequential, pipeline, mget]) {
			expect(way.values).toEqual(expected);
			expect(way.ms).toBeGreaterThan(0);
		}
	});

	it('a failed command inside the pipeline is thrown, not returned as a value; MGET reads it as null', async () => {
		const { ctx } = await request(newSandbox());
		await ctx.redis.hset('pipelining:t:hash', 'f', 'v');
		await ctx.redis.expire('pipelining:t:hash', 30);
		await expect(getPipelined(ctx.redis, ['pipelining:t:hash'])).rejects.toThrow(/WRONGTYPE/);
		// MGET never fails on a key: one of another type reads as null, as a missing one.
		expect(await getWithMget(ctx.redis, ['pipelining:t:hash'])).toEqual([null]);
	});

	it('n is a whole number from 10 to 1000, refused otherwise with a sentence', () => {
		const { schema } = DEMOS.get('pipelining')!;
		for (const n of ['9', '1001', 'ten', '']) {
			const parsed = v.safeParse(schema, { n });
			expect(parsed.success, n).toBe(false);
			if (!parsed.success) {
				expect(parsed.issues[0].message).toMatch(
					/^Keys to read (must be a whole number from 10 to 1000|is required)\.$/
				);
			}
		}
		expect(v.parse(schema, { n: '10' })).toEqual({ n: 10 });
	});

	it('runs through the page action as part of operations/pipelining', async () => {
		const form = new FormData();
		form.set('demo', 'pipelining');
		form.set('n', '20');
		const answer = await runPageDemo(
			newSandbox(),
			{ id: 'operations/pipelining', demos: ['pipelining'] },
			form,
			{ slowDbMs: 0 }
		);
		if (isActionFailure(answer)) throw new Error(JSON.stringify(answer.data));
		const { outcome, keys } = answer as DemoResult;
		expect(outcome).toBe('done');
		// Every key it touched is listed with its TTL, counting down from 60 s.
		expect(keys).toHaveLength(20);
		for (const { ttlMs } of keys) {
			expect(ttlMs).toBeGreaterThan(0);
			expect(ttlMs).toBeLessThanOrEqual(60_000);
		}
	});
});

describe('what the lesson says of a Cluster, checked on a lab cluster', () => {
	it('ioredis refuses a pipeline across nodes; MGET and MULTI need one slot; a hash tag makes both work', async () => {
		const run = await request(newSandbox());
		const { redis, nodes } = await run.ctx.clusterLab();
		const spread = Array.from({ length: 12 }, (_, i) => `product:${i}`);
		await Promise.all(spread.map((key) => redis.set(key, key)));

		const pipeline = redis.pipeline();
		for (const key of spread) pipeline.get(key);
		await expect(pipeline.exec()).rejects.toThrow(
			'All keys in the pipeline should belong to the same slots allocation group'
		);

		// A node runs MGET only when every key hashes to one slot, whichever node is asked.
		const slots = await Promise.all(
			['product:1', 'product:2'].map((key) => redis.cluster('KEYSLOT', key))
		);
		expect(slots[0]).not.toBe(slots[1]);
		for (const node of nodes) {
			await expect(node.mget('product:1', 'product:2')).rejects.toThrow(
				"CROSSSLOT Keys in request don't hash to the same slot"
			);
		}

		// The keys of a MULTI block must share a slot too.
		// The keys of a MULTI block must share a slot too: ioredis refuses it, and a node asked
		// directly queues an error for the second key and aborts the transaction.
		await expect(redis.multi().set('product:1', 'x').set('product:2', 'y').exec()).rejects.toThrow(
			'All keys in the pipeline should belong to the same slots allocation group'
		);
		for (const node of nodes) {
			await expect(node.multi().set('product:1', 'x').set('product:2', 'y').exec()).rejects.toThrow(
				/^EXECABORT/
			);
		}

		// With a hash tag, every key is in one slot: the pipeline and MGET go through.
		const tagged = spread.map((key) => `{catalog}:${key}`);
		const write = redis.pipeline();
		for (const key of tagged) write.set(key, key);
		expect((await write.exec())!.every(([error]) => error === null)).toBe(true);
		expect(await redis.mget(tagged)).toEqual(tagged);

		await run.close();
		expect(labServersRunning()).toBe(0);
	}, 30_000);
});
