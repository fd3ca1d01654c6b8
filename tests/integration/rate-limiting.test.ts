import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import type { Chart } from '$lib/types';
import burstDemo from '$lib/server/demos/rate-limit-burst';
import rateLimitDemo from '$lib/server/demos/rate-limit';
import {
	ALGORITHMS,
	fixedWindow,
	limitRequest,
	rateLimitHeaders,
	rateLimitKey,
	slidingCounter,
	slidingLog,
	tokenBucket,
	type Algorithm
} from '$lib/server/patterns/rate-limit';
import { Sandbox } from '$lib/server/sandbox/sandboxes';
import { useSandboxes, request as contextOf } from './fixtures';

const { plain, newSandbox } = useSandboxes();

/** A new learner, and one request's view of their sandbox. */
async function request() {
	const sandbox = newSandbox();
	return { sandbox, ...(await contextOf(sandbox)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const allowedOf = (verdicts: { allowed: boolean }[]) => verdicts.filter((v) => v.allowed).length;
/** A fixed instant in the middle of a 60 s window, so no window boundary falls inside a test. */
const T0 = Math.floor(Date.now() / 60_000) * 60_000 + 5_000;

/** The full names of every key an algorithm uses for `user`, found with SCAN. */
async function keysOf(sandbox: Sandbox, algorithm: Algorithm, user: string) {
	return sandbox.keys(`${rateLimitKey(algorithm, user)}*`, 100);
}

describe('rate limiting: exactly N of M concurrent requests get through', () => {
	it.each(ALGORITHMS)(
		'%s: 50 concurrent requests, limit 10 → exactly 10 allowed',
		async (algorithm) => {
			const { ctx } = await request();
			const verdicts = await Promise.all(
				Array.from({ length: 50 }, () => limitRequest(ctx, algorithm, 'ada', 10, 60, T0))
			);
			expect(allowedOf(verdicts)).toBe(10);
			// Each allowed request saw a different remaining count: no two read the same state.
			const remaining = verdicts.filter((v) => v.allowed).map((v) => v.remaining);
			expect(remaining.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
			expect(verdicts.filter((v) => !v.allowed).every((v) => v.remaining === 0)).toBe(true);
			expect(verdicts.every((v) => v.limit === 10)).toBe(true);

			// Another user has a quota of their own.
			expect((await limitRequest(ctx, algorithm, 'bilal', 10, 60, T0)).allowed).toBe(true);
		}
	);

	it.each(ALGORITHMS)(
		'%s: requests spread over one window, sent at once, still get exactly the limit',
		async (algorithm) => {
			const { ctx } = await request();
			const verdicts = await Promise.all(
				Array.from({ length: 40 }, (_, i) =>
					limitRequest(ctx, algorithm, 'ada', 10, 60, T0 + i * 10)
				)
			);
			// The token bucket refills 10 per 60 s: 390 ms of requests add less than one token.
			expect(allowedOf(verdicts)).toBe(10);
		}
	);

	it('the fixed window runs atomically: one MULTI block per request', async () => {
		const { ctx, trace } = await request();
		await limitRequest(ctx, 'fixed-window', 'ada', 10, 60, T0);
		expect(trace.map((e) => [e.cmd, ...e.args])).toEqual([
			['MULTI'],
			['INCR', 'rate:fixed-window:ada'],
			['EXPIRE', 'rate:fixed-window:ada', '60', 'NX'],
			['PTTL', 'rate:fixed-window:ada'],
			['EXEC']
		]);
		expect(trace.every((e) => e.batch === 'multi')).toBe(true);
	});

	it.each(['sliding-log', 'sliding-counter', 'token-bucket'] as const)(
		'%s runs atomically: one script call per request',
		async (algorithm) => {
			const { ctx, trace } = await request();
			await limitRequest(ctx, algorithm, 'ada', 10, 60, T0);
			// EVALSHA, plus SCRIPT LOAD and a second EVALSHA the first time the server sees it.
			expect(trace.map((e) => e.cmd).filter((cmd) => cmd === 'EVALSHA').length).toBeGreaterThan(0);
			expect(trace.every((e) => e.cmd === 'EVALSHA' || e.cmd === 'SCRIPT')).toBe(true);
		}
	);
});

describe('fixed window', () => {
	it('the window opens at the first request and ends with the counter: then 10 more pass at once', async () => {
		const { ctx, sandbox } = await request();
		const key = rateLimitKey('fixed-window', 'ada');
		const first = await Promise.all(Array.from({ length: 15 }, () => fixedWindow(ctx, key, 10, 1)));
		expect(allowedOf(first)).toBe(10);
		const ttl = await plain.pttl(sandbox.prefix + key);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(1000);
		// The boundary burst: as soon as the counter expires, a whole new quota is there.
		while ((await plain.exists(sandbox.prefix + key)) === 1) await sleep(10);
		const started = Date.now();
		const second = await Promise.all(
			Array.from({ length: 15 }, () => fixedWindow(ctx, key, 10, 1))
		);
		expect(allowedOf(second)).toBe(10);
		// 20 allowed within well under one window length.
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('EXPIRE ... NX: later requests do not push the end of the window out', async () => {
		const { ctx, sandbox } = await request();
		const key = rateLimitKey('fixed-window', 'ada');
		await fixedWindow(ctx, key, 10, 3);
		await sleep(1100);
		const second = await fixedWindow(ctx, key, 10, 3);
		expect(second.resetMs).toBeLessThan(2000);
		expect(await plain.pttl(sandbox.prefix + key)).toBeLessThan(2000);
	});

	it('the INCR-then-EXPIRE race: a crash between the two leaves a counter that never expires', async () => {
		const { sandbox } = await request();
		const key = sandbox.prefix + 'rate:naive:ada';
		// The classic recipe: INCR, and if it returned 1, EXPIRE. The process dies in between.
		for (let i = 0; i < 10; i++) await plain.incr(key);
		expect(await plain.ttl(key)).toBe(-1);
		// From now on the user is refused for good: every request sees a count above the limit.
		expect(await plain.incr(key)).toBeGreaterThan(10);
		expect(await plain.ttl(key)).toBe(-1);
	});

	it('before Redis 7.0: SET ... EX NX, then INCR, keeps the TTL', async () => {
		const { sandbox } = await request();
		const key = sandbox.prefix + 'rate:old:ada';
		expect(await plain.set(key, 0, 'EX', 60, 'NX')).toBe('OK');
		expect(await plain.incr(key)).toBe(1);
		expect(await plain.set(key, 0, 'EX', 60, 'NX')).toBeNull();
		expect(await plain.incr(key)).toBe(2);
		expect(await plain.ttl(key)).toBeGreaterThan(55);
	});

	it('in a MULTI, a client that dies before EXEC leaves neither the INCR nor the EXPIRE', async () => {
		const { sandbox } = await request();
		const key = sandbox.prefix + rateLimitKey('fixed-window', 'ada');
		const dying = new Redis(inject('redisUrl'));
		await dying.call('MULTI');
		await dying.call('INCR', key);
		await dying.call('EXPIRE', key, '60', 'NX');
		dying.disconnect(); // no EXEC
		await sleep(50);
		expect(await plain.exists(key)).toBe(0);
	});
});

describe('sliding log', () => {
	it('a slot frees exactly one window after the request that took it', async () => {
		const { ctx } = await request();
		const key = rateLimitKey('sliding-log', 'ada');
		for (let i = 0; i < 5; i++)
			expect((await slidingLog(ctx, key, 5, 60, T0 + i * 1000)).allowed).toBe(true);
		const blocked = await slidingLog(ctx, key, 5, 60, T0 + 59_999);
		expect(blocked).toEqual({ allowed: false, limit: 5, remaining: 0, resetMs: 1 });
		// At T0 + 60 s the first request leaves the window, and only that one.
		const next = await Promise.all(
			Array.from({ length: 5 }, () => slidingLog(ctx, key, 5, 60, T0 + 60_000))
		);
		expect(allowedOf(next)).toBe(1);
	});

	it('refused requests are not logged', async () => {
		const { ctx, sandbox } = await request();
		const key = rateLimitKey('sliding-log', 'ada');
		await Promise.all(Array.from({ length: 20 }, () => slidingLog(ctx, key, 5, 60, T0)));
		expect(await plain.zcard(sandbox.prefix + key)).toBe(5);
	});
});

describe('sliding window counter', () => {
	it('weights the previous window by the share the sliding window still covers', async () => {
		const { ctx } = await request();
		const key = rateLimitKey('sliding-counter', 'ada');
		const start = Math.floor(T0 / 60_000) * 60_000; // a window boundary
		const previous = await Promise.all(
			Array.from({ length: 10 }, () => slidingCounter(ctx, key, 10, 60, start + 30_000))
		);
		expect(allowedOf(previous)).toBe(10);
		// 15 s into the next window, 75% of the previous one still counts: 7.5, so 2 more fit.
		const next = await Promise.all(
			Array.from({ length: 10 }, () => slidingCounter(ctx, key, 10, 60, start + 75_000))
		);
		expect(allowedOf(next)).toBe(2);
	});
});

describe('sliding window counter: an estimate', () => {
	it('requests bunched at the end of the previous window are undercounted: 15 pass within 30 s', async () => {
		const { ctx } = await request();
		const key = rateLimitKey('sliding-counter', 'ada');
		const start = Math.floor(T0 / 60_000) * 60_000;
		const late = await Promise.all(
			Array.from({ length: 10 }, () => slidingCounter(ctx, key, 10, 60, start - 1))
		);
		expect(allowedOf(late)).toBe(10);
		// 30 s later the previous window weighs half: 5. Five more pass.
		const next = await Promise.all(
			Array.from({ length: 10 }, () => slidingCounter(ctx, key, 10, 60, start + 30_000))
		);
		expect(allowedOf(next)).toBe(5);
	});
});

describe('token bucket', () => {
	it('allows its capacity at once, then what refills: capacity plus refill', async () => {
		const { ctx } = await request();
		const key = rateLimitKey('token-bucket', 'ada');
		const burst = await Promise.all(
			Array.from({ length: 30 }, () => tokenBucket(ctx, key, 10, 60, T0))
		);
		expect(allowedOf(burst)).toBe(10);
		// 10 tokens per 60 s: half a window later, 5 have dripped back in.
		const half = await Promise.all(
			Array.from({ length: 30 }, () => tokenBucket(ctx, key, 10, 60, T0 + 30_000))
		);
		expect(allowedOf(half)).toBe(5);
		const blocked = await tokenBucket(ctx, key, 10, 60, T0 + 30_000);
		expect(blocked).toMatchObject({ allowed: false, remaining: 0, resetMs: 6000 });
		// Idle for longer than a window, it holds its capacity and no more.
		const later = await Promise.all(
			Array.from({ length: 30 }, () => tokenBucket(ctx, key, 10, 60, T0 + 600_000))
		);
		expect(allowedOf(later)).toBe(10);
	});
});

describe('keys expire', () => {
	it('every algorithm gives its keys a TTL no longer than it needs them', async () => {
		const { ctx, sandbox } = await request();
		const now = Date.now();
		for (const algorithm of ALGORITHMS) {
			for (let i = 0; i < 3; i++) await limitRequest(ctx, algorithm, 'ada', 10, 1, now);
		}
		const bound: Record<Algorithm, number> = {
			'fixed-window': 1000,
			'sliding-log': 1000,
			'sliding-counter': 2000,
			'token-bucket': 1000
		};
		for (const algorithm of ALGORITHMS) {
			const keys = await keysOf(sandbox, algorithm, 'ada');
			expect(keys.length, algorithm).toBeGreaterThan(0);
			for (const key of keys) {
				const ttl = await plain.pttl(sandbox.prefix + key);
				expect(ttl, key).toBeGreaterThan(0);
				expect(ttl, key).toBeLessThanOrEqual(bound[algorithm]);
			}
		}
		// And they do go: nothing of a 1 s quota is left after 2 s and a little.
		const leftOver = async () => {
			const names = (await Promise.all(ALGORITHMS.map((a) => keysOf(sandbox, a, 'ada')))).flat();
			const exists = await Promise.all(names.map((name) => plain.exists(sandbox.prefix + name)));
			return names.filter((_, i) => exists[i] === 1);
		};
		const deadline = Date.now() + 3000;
		while ((await leftOver()).length && Date.now() < deadline) await sleep(100);
		expect(await leftOver()).toEqual([]);
	});
});

describe('response headers', () => {
	it('RateLimit-* on every answer, Retry-After only on a refusal', () => {
		expect(rateLimitHeaders({ allowed: true, limit: 5, remaining: 4, resetMs: 9200 }, 10)).toEqual({
			'RateLimit-Policy': '5;w=10',
			'RateLimit-Limit': '5',
			'RateLimit-Remaining': '4',
			'RateLimit-Reset': '10'
		});
		expect(
			rateLimitHeaders({ allowed: false, limit: 5, remaining: 0, resetMs: 2100 }, 10)
		).toMatchObject({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '3', 'Retry-After': '3' });
	});

	it('the rate-limit demo answers ALLOWED with the headers, then BLOCKED with Retry-After', async () => {
		const { ctx } = await request();
		const input = { algorithm: 'sliding-log', user: 'ada', 'max-requests': 2, window: 60 } as const;
		const outcomes = [];
		let last;
		for (let i = 0; i < 3; i++) {
			last = await rateLimitDemo.run(ctx, input);
			outcomes.push(last.outcome);
		}
		expect(outcomes).toEqual(['allowed', 'allowed', 'blocked']);
		const result = last!.result as { status: number; headers: { header: string; value: string }[] };
		expect(result.status).toBe(429);
		expect(result.headers.map((h) => h.header)).toEqual([
			'RateLimit-Policy',
			'RateLimit-Limit',
			'RateLimit-Remaining',
			'RateLimit-Reset',
			'Retry-After'
		]);
		const retryAfter = Number(result.headers.find((h) => h.header === 'Retry-After')!.value);
		expect(retryAfter).toBeGreaterThan(55);
		expect(retryAfter).toBeLessThanOrEqual(60);
	});
});

describe('the burst demo', () => {
	it('fixed window lets nearly twice the limit through around its boundary; sliding log never more than the limit', async () => {
		const { ctx, trace } = await request();
		const { outcome, result } = await burstDemo.run(ctx, { 'max-requests': 5, window: 1 });
		expect(outcome).toBe('done');
		// Each algorithm's commands in a lane of their own.
		expect(new Set(trace.map(({ actor }) => actor))).toEqual(new Set(ALGORITHMS));
		const { chart, algorithms } = result as {
			chart: Chart;
			algorithms: Record<string, number | string>[];
		};
		const row = (algorithm: Algorithm) => algorithms.find((a) => a.algorithm === algorithm)!;
		expect(chart.series.map((s) => s.name)).toEqual([...ALGORITHMS]);
		expect(chart.series.every((s) => s.points.length === 10)).toBe(true);
		for (const algorithm of ALGORITHMS) expect(row(algorithm).sent).toBe(11);
		// Fixed window: limit − 1 before the boundary (the opening request took one), limit after.
		expect(row('fixed-window')['most in one window']).toBeGreaterThanOrEqual(8);
		expect(row('fixed-window')['allowed after it']).toBe(5);
		expect(row('sliding-log')['most in one window']).toBeLessThanOrEqual(5);
		expect(row('token-bucket')['most in one window']).toBeLessThan(8);
	});
});
