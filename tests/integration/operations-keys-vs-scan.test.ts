import { isActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Bars, DemoResult, TraceEntry } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import { runDemo as runPageDemo } from '$lib/server/demos/run';
import { scanKeys, scanWalk, type ScanStep } from '$lib/server/patterns/scan-walk';
import { labServersRunning } from '$lib/server/redis/labs';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const SAMPLE = Array.from({ length: 50 }, (_, i) => `scan:demo:${i + 1}`);
const scans = (trace: TraceEntry[]) => trace.filter(({ cmd }) => cmd === 'SCAN');
type Step = { call: number; cursor: string; 'next cursor': string; keys: number };

describe('scan: a SCAN walk over the learner’s own keys, one call per step', () => {
	it('writes 50 sample keys with a TTL, then walks from cursor 0 back to 0, each call given the cursor of the one before', async () => {
		const sandbox = newSandbox();
		const { outcome, result, trace } = await runDemo(sandbox, 'scan', {
			pattern: 'scan:demo:*',
			count: '10'
		});
		expect(outcome).toBe('done');

		// One pipeline of 50 SETs with EX 600, then nothing but SCAN.
		expect(
			trace.slice(0, 50).map(({ cmd, args, batch }) => [cmd, args[0], args[2], batch])
		).toEqual(SAMPLE.map((key) => ['SET', key, 'EX', 'pipeline']));
		const calls = scans(trace);
		expect(calls).toHaveLength(trace.length - 50);
		expect(calls.length).toBeGreaterThan(1);
		const cursors = result.cursors as string[];
		expect(result.calls).toBe(calls.length);
		expect(cursors).toHaveLength(calls.length);
		expect(cursors.at(-1)).toBe('0');
		expect(cursors.slice(0, -1)).not.toContain('0');
		calls.forEach(({ args }, i) => {
			expect(args).toEqual([i === 0 ? '0' : cursors[i - 1], 'MATCH', 'scan:demo:*', 'COUNT', '10']);
		});

		// Every sample key, each once, in number order; nothing of the namespace shows.
		expect(result.keys).toEqual(SAMPLE);
		expect(JSON.stringify(result)).not.toContain(sandbox.prefix);
		const steps = result.steps as Step[];
		expect(steps.map((step) => step['next cursor'])).toEqual(cursors);
		expect(steps.map((step) => step.call)).toEqual(calls.map((_, i) => i + 1));
		expect(steps.reduce((sum, step) => sum + step.keys, 0)).toBeGreaterThanOrEqual(50);

		const ttl = await plain.ttl(sandbox.prefix + 'scan:demo:1');
		expect(ttl).toBeGreaterThan(590);
		expect(ttl).toBeLessThanOrEqual(600);
	});

	it('COUNT 1000 walks the small index in one call; a narrow MATCH takes the same steps and returns fewer keys', async () => {
		const sandbox = newSandbox();
		await runDemo(sandbox, 'scan', { pattern: 'scan:demo:*', count: '10' });
		// The first run's index may still be moving into a bigger hash table (Redis rehashes a set a
		// little at each write), so its cursors may differ; the second walk's table is settled.
		const wide = await runDemo(sandbox, 'scan', { pattern: 'scan:demo:*', count: '10' });
		const once = await runDemo(sandbox, 'scan', { pattern: 'scan:demo:*', count: '1000' });
		expect(once.result).toMatchObject({ calls: 1, cursors: ['0'], keys: SAMPLE });

		const narrow = await runDemo(sandbox, 'scan', { pattern: 'scan:demo:1*', count: '10' });
		expect(narrow.result.keys).toEqual([
			'scan:demo:1',
			...Array.from({ length: 10 }, (_, i) => `scan:demo:${10 + i}`)
		]);
		// MATCH filters after each step's work: the same cursors as the walk with the wide pattern.
		expect(narrow.result.cursors).toEqual(wide.result.cursors);
		expect(narrow.result.calls).toBe(wide.result.calls);
	});

	it('sees only the learner’s keys, whatever another learner has', async () => {
		const other = newSandbox();
		const { ctx } = await request(other);
		await ctx.redis.set('scan:demo:other-learner', 'x', 'EX', 60);
		const { result } = await runDemo(newSandbox(), 'scan', { pattern: '*', count: '100' });
		expect(result.keys).toEqual(SAMPLE);
		expect(await plain.exists(other.prefix + 'scan:demo:other-learner')).toBe(1);
	});

	it('the walk and scanKeys: every key once, stopping only at cursor 0 (not at an empty step)', async () => {
		const { ctx } = await request(newSandbox());
		const pipeline = ctx.redis.pipeline();
		for (let i = 0; i < 40; i++) pipeline.set(`walk:a:${i}`, '1', 'EX', 60);
		pipeline.set('walk:b:only', '1', 'EX', 60);
		await pipeline.exec();
		const steps: ScanStep[] = [];
		await scanWalk(ctx.redis, 'walk:b:*', 5, (step) => void steps.push(step));
		// Most steps look at walk:a keys and return nothing, yet the walk goes on to cursor 0.
		expect(steps.filter(({ keys }) => keys.length === 0).length).toBeGreaterThan(0);
		expect(steps.at(-1)!.next).toBe('0');
		expect(steps.flatMap(({ keys }) => keys)).toEqual(['walk:b:only']);
		expect((await scanKeys(ctx.redis, 'walk:*', 7)).sort()).toEqual(
			[...Array.from({ length: 40 }, (_, i) => `walk:a:${i}`), 'walk:b:only'].sort()
		);
	});

	it('refuses a pattern or a COUNT out of bounds with a sentence', () => {
		const { schema } = DEMOS.get('scan')!;
		const message = (form: Record<string, string>) => {
			const parsed = v.safeParse(schema, form);
			return parsed.success ? null : parsed.issues[0].message;
		};
		expect(message({ pattern: 'scan:demo:*', count: '0' })).toBe(
			'COUNT must be a whole number from 1 to 1000.'
		);
		expect(message({ pattern: 'scan:demo:*', count: '1001' })).toBe(
			'COUNT must be a whole number from 1 to 1000.'
		);
		expect(message({ pattern: 'a b', count: '10' })).toMatch(/^MATCH pattern must be 1 to 60 /);
		expect(message({ pattern: '', count: '10' })).toBe('MATCH pattern is required.');
		expect(message({ pattern: 'x'.repeat(61), count: '10' })).toMatch(/^MATCH pattern must be/);
		expect(v.parse(schema, { pattern: 'scan:demo:[1-3]?', count: '10' })).toEqual({
			pattern: 'scan:demo:[1-3]?',
			count: 10
		});
	});
});

describe('keys-timed: KEYS * and a SCAN walk over 200,000 keys on a lab server', () => {
	it('times both from the server’s slow log; the trace stays short; the lab is gone after', async () => {
		const before = (await plain.config('GET', '*')) as string[];
		const form = new FormData();
		form.set('demo', 'keys-timed');
		const answer = await runPageDemo(
			newSandbox(),
			{ id: 'operations/keys-vs-scan', demos: ['keys-timed'] },
			form,
			{ slowDbMs: 0 }
		);
		if (isActionFailure(answer)) throw new Error(JSON.stringify(answer.data));
		const { outcome, trace } = answer as DemoResult;
		const result = (answer as DemoResult).result as Record<string, unknown>;
		expect(outcome).toBe('done');
		expect(result).toMatchObject({
			'keys on the server': 200_000,
			'names in the KEYS reply': 200_000,
			'distinct names from SCAN': 200_000
		});

		// DEBUG POPULATE, KEYS *, the walk with COUNT 1000, SLOWLOG GET -1: nothing else.
		const calls = result['SCAN calls'] as number;
		expect(calls).toBeGreaterThan(150);
		expect(trace.map(({ cmd }) => cmd)).toEqual([
			'DEBUG',
			'KEYS',
			...Array<string>(calls).fill('SCAN'),
			'SLOWLOG'
		]);
		expect(trace[0]).toMatchObject({ args: ['POPULATE', '200000', 'cache:item'], reply: 'OK' });
		expect(trace[2]!.args).toEqual(['0', 'MATCH', '*', 'COUNT', '1000']);
		// The 200,000 names are not in the page: each reply is cut and says how long it was.
		for (const { reply } of trace) expect(reply.length).toBeLessThan(300);
		expect(trace[1]!.reply).toMatch(/^ +1\) "cache:item:\d+"\n[\s\S]*… \(\d+ chars\)$/);

		const bars = result.bars as Bars;
		expect(bars.unit).toBe('ms');
		const [keys, longest, median, all] = bars.bars.map(({ value }) => value) as number[];
		expect(bars.bars.map(({ label }) => label)).toEqual([
			'KEYS *, one call',
			'longest SCAN step (COUNT 1000)',
			'median SCAN step',
			`all ${calls} SCAN steps together`
		]);
		// KEYS looks at 200,000 keys in one call, a step at about 1,000: two hundred times fewer.
		expect(keys!).toBeGreaterThan(median! * 5);
		expect(longest!).toBeGreaterThanOrEqual(median!);
		expect(all!).toBeGreaterThanOrEqual(longest!);

		// Nothing of it on the shared server; the lab server is stopped.
		expect(await plain.exists('cache:item:0')).toBe(0);
		expect(labServersRunning()).toBe(0);
		expect(await plain.config('GET', '*')).toEqual(before);
	}, 30_000);
});
