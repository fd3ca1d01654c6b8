import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import {
	fireStampede,
	HOT_KEY,
	percentile,
	type StampedeOptions
} from '$lib/server/demos/support/stampede-sim';
import { REVENUE_BY_PRODUCT_SQL } from '$lib/server/patterns/aggregate-query';
import { LOCK_TTL_MS, MAX_WAIT_MS } from '$lib/server/patterns/mutex-recompute';
import { FRESH_MS, GRACE_MS } from '$lib/server/patterns/stale-while-revalidate';
import { recomputeEarly, TTL_MS } from '$lib/server/patterns/xfetch';
import { readXFetchLocked } from '$lib/server/patterns/xfetch-locked';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

/** The course's default slow database: a recompute takes at least this long. */
const SLOW_DB_MS = 50;

/** One burst in a fresh learner's sandbox, as the demo fires it, with what it recorded. */
async function burst(options: Partial<StampedeOptions> & Pick<StampedeOptions, 'strategy'>) {
	const sandbox = newSandbox();
	const run = await request(sandbox, SLOW_DB_MS);
	const result = await fireStampede(run.ctx, {
		requests: 100,
		instances: 1,
		database: 'up',
		beta: 1,
		...options
	});
	const sources = (source: string) => result.timeline.filter((t) => t.source === source);
	/** SQL the clients sent: the setup's own load (to warm the key) is labelled apart. */
	const clientSql = run.sql.filter((s) => s.actor !== 'setup');
	return { sandbox, run, result, sources, clientSql };
}

describe('the stampede lab, 100 concurrent requests on one hot key', () => {
	it('none: most requests query the database, each statement in the SQL trace', async () => {
		const { result, clientSql, sources } = await burst({ strategy: 'none' });
		expect(result.requests).toBe(100);
		expect(result.errors).toBe(0);
		expect(result.served).toBe(100);
		expect(result.dbQueries).toBeGreaterThan(50);
		expect(sources('db')).toHaveLength(result.dbQueries);
		expect(clientSql).toHaveLength(result.dbQueries);
		expect(clientSql.every((s) => s.addedLatencyMs === SLOW_DB_MS)).toBe(true);
		expect(result.maxConcurrentRecomputes).toBeGreaterThan(1);
	});

	it('mutex: exactly 1 database query, 0 errors, every request served', async () => {
		const { result, clientSql, sources, run } = await burst({ strategy: 'mutex' });
		expect(result.dbQueries).toBe(1);
		expect(result.maxConcurrentRecomputes).toBe(1);
		expect(result.errors).toBe(0);
		expect(result.served).toBe(100);
		expect(sources('db')).toHaveLength(1);
		expect(sources('cache')).toHaveLength(99);
		expect(clientSql.map((s) => s.sql)).toEqual([REVENUE_BY_PRODUCT_SQL.replace(/\s+/g, ' ')]);
		// The waiters waited for the one load: their wait is in the timeline.
		const [loader] = sources('db');
		expect(loader!.query).toBeDefined();
		expect(sources('cache').every((t) => t.endMs >= loader!.query!.endMs)).toBe(true);
		expect(sources('cache').every((t) => t.waitedMs > 0)).toBe(true);
		// Every command is labelled with the client that sent it, and a client sends a few.
		const perClient = new Map<string, number>();
		for (const { actor } of run.trace) perClient.set(actor!, (perClient.get(actor!) ?? 0) + 1);
		expect([...perClient.keys()].filter((a) => a.startsWith('client '))).toHaveLength(100);
		expect(Math.max(...perClient.values())).toBeLessThanOrEqual(12);
	});

	it('single-flight with 4 instances: at most 4 queries, one per instance', async () => {
		const { result, sources, clientSql } = await burst({ strategy: 'single-flight', instances: 4 });
		expect(result.dbQueries).toBeGreaterThanOrEqual(1);
		expect(result.dbQueries).toBeLessThanOrEqual(4);
		expect(clientSql).toHaveLength(result.dbQueries);
		expect(result.errors).toBe(0);
		expect(result.served).toBe(100);
		const loaders = result.timeline.filter((t) => t.query);
		expect(loaders).toHaveLength(result.dbQueries);
		expect(new Set(loaders.map((t) => t.instance)).size).toBe(loaders.length);
		expect(new Set(result.timeline.map((t) => t.instance))).toEqual(new Set([1, 2, 3, 4]));
		expect(sources('error')).toHaveLength(0);
	});

	it('single-flight with 1 instance: exactly 1 query', async () => {
		const { result } = await burst({ strategy: 'single-flight' });
		expect(result.dbQueries).toBe(1);
		expect(result.served).toBe(100);
	});

	it('early-refresh: requests recompute before the key expires, and the overlap is counted', async () => {
		const { result, sources, clientSql } = await burst({ strategy: 'early-refresh' });
		expect(result.earlyRecomputes).toBeGreaterThanOrEqual(1);
		expect(result.keyExpiresAtMs).toBeGreaterThanOrEqual(2 * SLOW_DB_MS);
		// An early recompute read a value that had not expired yet, and queried the database: its
		// query is among the burst's (when it starts is up to the event loop, not the pattern).
		expect(sources('db').length).toBeGreaterThanOrEqual(result.earlyRecomputes!);
		expect(result.dbQueries).toBe(sources('db').length);
		expect(clientSql).toHaveLength(result.dbQueries);
		// Plain XFetch has no coordination: every recompute drawn in the burst runs, together.
		expect(result.maxConcurrentRecomputes).toBeGreaterThanOrEqual(1);
		expect(result.maxConcurrentRecomputes).toBeLessThanOrEqual(result.dbQueries);
		expect(result.errors).toBe(0);
		expect(result.served).toBe(100);
	});

	it('xfetch-locked: exactly 1 query, every request served, none waiting on the database', async () => {
		const { sandbox, result, clientSql } = await burst({ strategy: 'xfetch-locked' });
		expect(result.dbQueries).toBe(1);
		expect(clientSql).toHaveLength(1);
		expect(result.maxConcurrentRecomputes).toBe(1);
		expect(result.served).toBe(100);
		expect(result.errors).toBe(0);
		expect(result.timeline.every((t) => t.source === 'cache' && t.waitedMs === 0)).toBe(true);
		// The one recompute ran after its request was answered, and gave the key a full TTL again.
		const [refresher] = result.timeline.filter((t) => t.query);
		expect(refresher!.query!.endMs).toBeGreaterThan(refresher!.endMs);
		expect(await plain.pttl(sandbox.prefix + HOT_KEY)).toBeGreaterThan(TTL_MS - 10_000);
	});

	it('xfetch-locked on a key that has already expired: the mutex, so still 1 query', async () => {
		const run = await request(newSandbox(), SLOW_DB_MS);
		let queries = 0;
		const load = async () => {
			queries++;
			return run.ctx.db.all(REVENUE_BY_PRODUCT_SQL);
		};
		const reads = await Promise.all(
			Array.from({ length: 50 }, () => readXFetchLocked(run.ctx, 'cold:key', load))
		);
		expect(queries).toBe(1);
		expect(reads.filter((r) => r.source === 'db')).toHaveLength(1);
		expect(reads.filter((r) => r.source === 'cache')).toHaveLength(49);
		expect(new Set(reads.map((r) => JSON.stringify(r.value))).size).toBe(1);
	});

	it('stale-while-revalidate: at most 1 query, stale values served and counted', async () => {
		const { sandbox, result, clientSql } = await burst({ strategy: 'stale-while-revalidate' });
		expect(result.dbQueries).toBeLessThanOrEqual(1);
		expect(clientSql).toHaveLength(result.dbQueries);
		expect(result.stale).toBe(100);
		expect(result.served).toBe(100);
		expect(result.errors).toBe(0);
		expect(result.timeline.every((t) => t.source === 'stale' && t.waitedMs === 0)).toBe(true);
		// The background reload stored a fresh value inside a longer hard TTL.
		const entry = JSON.parse((await plain.get(sandbox.prefix + HOT_KEY))!);
		expect(entry.freshUntilMs).toBeGreaterThan(Date.now() + FRESH_MS - 10_000);
		expect(await plain.pttl(sandbox.prefix + HOT_KEY)).toBeGreaterThan(
			FRESH_MS + GRACE_MS - 10_000
		);
	});

	it('stale-while-revalidate with a failing database: every request still served stale', async () => {
		const { result } = await burst({ strategy: 'stale-while-revalidate', database: 'failing' });
		expect(result.served).toBe(100);
		expect(result.stale).toBe(100);
		expect(result.errors).toBe(0);
		expect(result.dbQueries).toBe(1);
		expect(result.messages).toEqual([
			{
				message: expect.stringMatching(/^background reload failed: the database is down/),
				count: 1
			}
		]);
	});

	it('none with a failing database: every request errors, with a clear message', async () => {
		const { result, sources } = await burst({ strategy: 'none', database: 'failing' });
		expect(result.errors).toBe(100);
		expect(result.served).toBe(0);
		expect(sources('error')).toHaveLength(100);
		expect(result.dbQueries).toBe(100);
		expect(result.messages).toHaveLength(1);
		expect(result.messages![0]!.count).toBe(100);
		expect(result.messages![0]!.message).toBe(
			'the database is down: the query failed after the slow-database delay'
		);
		// The slow database made each of them wait before it failed.
		expect(result.timeline.every((t) => t.endMs - t.startMs >= SLOW_DB_MS - 1)).toBe(true);
	});

	it('mutex, a holder that dies mid-load: a waiter takes over after the lock TTL, none hangs', async () => {
		const { result, sources } = await burst({ strategy: 'mutex', requests: 30, holderDies: true });
		const [holder, ...waiters] = result.timeline;
		expect(holder!.client).toBe(1);
		expect(holder!.source).toBe('error');
		expect(result.errors).toBe(1);
		expect(result.served).toBe(29);
		expect(result.messages).toEqual([
			{ message: expect.stringMatching(/died mid-load/), count: 1 }
		]);
		// One waiter took the lock once it had expired (never before), and loaded the value.
		const takeover = sources('db');
		expect(takeover).toHaveLength(1);
		expect(takeover[0]!.client).not.toBe(1);
		expect(takeover[0]!.query!.startMs).toBeGreaterThanOrEqual(LOCK_TTL_MS - 10);
		// Everyone else read it from the cache, and nobody waited to the give-up limit.
		expect(waiters.filter((t) => t.source === 'cache')).toHaveLength(28);
		expect(result.timeline.every((t) => t.endMs < MAX_WAIT_MS)).toBe(true);
	});

	it('runs from the catalogue with its defaults: 100 requests, none, one instance, database up', async () => {
		const demo = DEMOS.get('stampede')!;
		// The form as the page renders it: every field at its default.
		const form = Object.fromEntries(demo.fields.map((f) => [f.name, String(f.default)]));
		const input = v.parse(demo.schema, form);
		expect(input).toEqual({
			strategy: 'none',
			requests: 100,
			instances: 1,
			database: 'up',
			beta: '1'
		});
		const run = await request(newSandbox(), SLOW_DB_MS);
		const { outcome, result, summary } = await demo.run(run.ctx, { ...input, strategy: 'mutex' });
		expect(outcome).toBe('done');
		expect(result).toMatchObject({ requests: 100, served: 100, errors: 0, stale: 0, dbQueries: 1 });
		expect(summary).toMatch(/^mutex: 1 database query for 100 requests, 100 served, p99 \d+ ms$/);
		const { timeline, latency } = result as {
			timeline: { client: number; instance: number; startMs: number; endMs: number }[];
			latency: { p50: number; p99: number; max: number };
		};
		expect(timeline.map((t) => t.client)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
		for (const entry of timeline) {
			expect(Object.keys(entry)).toEqual(
				expect.arrayContaining(['client', 'instance', 'startMs', 'endMs', 'source', 'waitedMs'])
			);
		}
		expect(latency.p50).toBeLessThanOrEqual(latency.p99);
		expect(latency.p99).toBeLessThanOrEqual(latency.max);
		expect(() => v.parse(demo.schema, { ...form, requests: '201' })).toThrow(/from 10 to 200/);
		expect(() => v.parse(demo.schema, { ...form, instances: '5' })).toThrow(/from 1 to 4/);
		expect(() => v.parse(demo.schema, { ...form, database: 'slow' })).toThrow(/up, failing/);
	});
});

describe('the pieces', () => {
	it('percentile: nearest rank', () => {
		const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(sorted, 0.5)).toBe(50);
		expect(percentile(sorted, 0.99)).toBe(99);
		expect(percentile([7], 0.99)).toBe(7);
		expect(percentile([], 0.5)).toBe(0);
	});

	it('XFetch recomputes always once the TTL is gone, never when a recompute takes no time', () => {
		for (let i = 0; i < 100; i++) {
			expect(recomputeEarly(50, 0)).toBe(true);
			expect(recomputeEarly(50, -2)).toBe(true);
			expect(recomputeEarly(0, 10)).toBe(false);
		}
		// Far from expiry it almost never does: −50·ln(r) ≥ 60,000 needs r < e^−1200.
		expect(Array.from({ length: 1000 }, () => recomputeEarly(50, 60_000)).some(Boolean)).toBe(
			false
		);
	});
});
