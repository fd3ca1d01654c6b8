import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Bars } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import {
	evictionCounters,
	evictionSettings,
	isOutOfMemory,
	setEvictionPolicy,
	writeEntries
} from '$lib/server/patterns/eviction';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const sharedConfig = async () => (await plain.config('GET', '*')) as string[];
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

type Row = {
	group: string;
	written: number;
	evicted: number;
	kept: number;
};

async function fill(policy: string) {
	const run = await runDemo(newSandbox(), 'eviction', { policy });
	const rows = run.result.evicted as Row[];
	const group = (name: string) => rows.find((row) => row.group === name)!;
	return { ...run, rows, group };
}

/** What every run shows, whatever the policy: the counts add up, and the trace says what ran. */
function expectConsistent(
	{ rows, result, trace }: Awaited<ReturnType<typeof fill>>,
	policy: string
) {
	expect(rows.map((row) => row.group)).toEqual(['hot', 'cold', 'ttl-5m', 'ttl-1h', 'new']);
	expect(rows.slice(0, 4).map((row) => row.written)).toEqual([10, 40, 30, 30]);
	for (const row of rows) expect(row.evicted + row.kept).toBe(row.written);
	// The demo's count of missing keys and the server's own count agree.
	expect(result.evicted_keys).toBe(rows.reduce((sum, row) => sum + row.evicted, 0));
	expect(result).toMatchObject({
		policy,
		'maxmemory (bytes)': 1024 * 1024,
		'maxmemory-samples': 5
	});

	const lines = trace.map(({ cmd, args }) => [cmd, ...args].join(' '));
	expect(lines[0]).toBe(`CONFIG SET maxmemory-policy ${policy}`);
	// The limit is lifted before the keys are counted, so that counting evicts nothing more.
	const lifted = lines.indexOf('CONFIG SET maxmemory 0');
	expect(lifted).toBeGreaterThan(0);
	expect(lines.slice(lifted + 1)).toEqual(['SCAN 0 COUNT 1000', 'INFO memory stats']);
	// Every key written before the pause went out in one pipeline.
	expect(trace.filter((t) => t.cmd === 'SET' && !t.args[0]!.startsWith('new:')).length).toBe(110);
	expect(trace.filter((t) => t.cmd === 'MGET').length).toBeGreaterThan(1);

	const bars = result.bars as Bars;
	expect(bars.unit).toBe('%');
	expect(bars.bars.map((bar) => bar.value)).toEqual(
		rows.map((row) => (row.written ? Math.round((100 * row.kept) / row.written) : 0))
	);
}

describe('eviction', () => {
	it('noeviction: nothing is evicted, a write fails with OOM, reads still answer', async () => {
		const before = await sharedConfig();
		const run = await fill('noeviction');
		expectConsistent(run, 'noeviction');
		expect(run.outcome).toBe('oom');
		expect(run.result.evicted_keys).toBe(0);
		for (const row of run.rows) expect(row.evicted).toBe(0);
		expect(run.result['refused with']).toBe(OOM);
		expect(run.result['refused writes']).toBeGreaterThan(0);

		const refused = run.trace.filter((t) => t.reply === `(error) ${OOM}`);
		expect(refused.length).toBe(run.result['refused writes']);
		expect(refused.every((t) => t.cmd === 'SET' && t.args[0]!.startsWith('new:'))).toBe(true);
		// The write loop stops after the batch that was refused; its MGET still answered.
		const lastMget = run.trace.findLast((t) => t.cmd === 'MGET')!;
		expect(run.trace.indexOf(lastMget)).toBeGreaterThan(run.trace.indexOf(refused.at(-1)!));
		expect(lastMget.reply).not.toMatch(/^\(error\)/);
		expect(run.summary).toMatch(
			/^noeviction: nothing evicted; SET new:\d+ and \d+ more refused with OOM$/
		);
		expect(await sharedConfig()).toEqual(before);
	});

	it.each(['allkeys-lru', 'allkeys-lfu'])(
		'%s: keys without a TTL are evicted too, and the hot keys fare better than the cold',
		async (policy) => {
			const run = await fill(policy);
			expectConsistent(run, policy);
			expect(run.outcome).toBe('evicted');
			expect(run.result['refused writes']).toBeUndefined();
			expect(run.group('cold').evicted).toBeGreaterThan(0);
			// Sampled, so no certainty for one key; but 10 keys read after every batch against 40
			// never read: measured over 10 runs, no hot key was evicted.
			const share = (row: Row) => row.kept / row.written;
			expect(share(run.group('hot'))).toBeGreaterThan(share(run.group('cold')));
		}
	);

	it.each(['volatile-lru', 'volatile-ttl'])(
		'%s: never evicts a key without a TTL',
		async (policy) => {
			const before = await sharedConfig();
			const run = await fill(policy);
			expectConsistent(run, policy);
			expect(run.outcome).toBe('evicted');
			for (const name of ['hot', 'cold', 'new']) expect(run.group(name).evicted).toBe(0);
			expect(run.group('ttl-5m').evicted + run.group('ttl-1h').evicted).toBeGreaterThan(0);
			if (policy === 'volatile-ttl') {
				expect(run.group('ttl-5m').evicted).toBeGreaterThanOrEqual(run.group('ttl-1h').evicted);
			}
			expect(await sharedConfig()).toEqual(before);
		}
	);

	it('offers the five policies of the lesson and refuses others with a sentence', () => {
		const demo = DEMOS.get('eviction')!;
		expect(demo.fields).toEqual([
			expect.objectContaining({
				name: 'policy',
				options: ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'volatile-ttl']
			})
		]);
		const parsed = v.safeParse(demo.schema, { policy: 'allkeys-random' });
		expect(parsed.success).toBe(false);
		expect(parsed.issues?.[0].message).toMatch(/^Policy must be one of: noeviction, /);
	});
});

describe('the eviction pattern', () => {
	it('reads its settings and counters, and reports OOM per write without throwing', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab({ maxmemory: '1mb' });
		await setEvictionPolicy(lab.redis, 'noeviction');
		expect(await evictionSettings(lab.redis)).toEqual({
			maxmemoryBytes: 1024 * 1024,
			policy: 'noeviction',
			samples: 5
		});
		const big = 'x'.repeat(200_000);
		const entries = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: big }));
		const { refused, error } = await writeEntries(lab.redis, entries);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused).toEqual(entries.slice(entries.length - refused.length).map((e) => e.key));
		expect(error).toBe(OOM);
		const counters = await evictionCounters(lab.redis);
		expect(counters.evictedKeys).toBe(0);
		expect(counters.usedMemoryBytes).toBeGreaterThan(512 * 1024);
	});

	it('throws any error other than OOM', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await expect(
			writeEntries(lab.redis, [{ key: 'k', value: 'v', ttlSeconds: -5 }])
		).rejects.toThrow(/invalid expire time/);
		expect(isOutOfMemory(new Error(OOM))).toBe(true);
		expect(isOutOfMemory(new Error('ERR invalid expire time in set'))).toBe(false);
	});
});
