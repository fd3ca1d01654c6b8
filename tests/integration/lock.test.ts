import { describe, expect, it } from 'vitest';
import lockAcquire from '$lib/server/demos/lock-acquire';
import lockExtend from '$lib/server/demos/lock-extend';
import lockRace from '$lib/server/demos/lock-race';
import lockRelease from '$lib/server/demos/lock-release';
import type { PatternContext } from '$lib/server/pattern-support';
import {
	acquireLock,
	extendLock,
	fenceKey,
	fencedWrite,
	lockHolder,
	lockKey,
	releaseLock,
	releaseWithGetThenDel
} from '$lib/server/patterns/lock';
import { useSandboxes, request as contextOf } from './fixtures';

const { plain, newSandbox } = useSandboxes();

/** A new learner, and one request's view of their sandbox. */
async function request() {
	const sandbox = newSandbox();
	return { sandbox, ...(await contextOf(sandbox)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until Redis no longer has the lock (it expired), polling. */
async function untilExpired(ctx: PatternContext, resource: string) {
	while ((await ctx.redis.exists(lockKey(resource))) === 1) await sleep(5);
}

describe('acquire', () => {
	it('100 concurrent acquirers: exactly one gets the lock', async () => {
		const { ctx, sandbox } = await request();
		const locks = await Promise.all(
			Array.from({ length: 100 }, (_, i) => acquireLock(ctx, 'report', `worker-${i}`, 10_000))
		);
		const holders = locks.filter((lock) => lock !== null);
		expect(holders).toHaveLength(1);
		expect(await plain.get(sandbox.prefix + lockKey('report'))).toBe(holders[0]!.token);
		expect(holders[0]!.fence).toBe(1);
		const ttl = await plain.pttl(sandbox.prefix + lockKey('report'));
		expect(ttl).toBeGreaterThan(9000);
		expect(ttl).toBeLessThanOrEqual(10_000);
	});

	it('100 workers taking turns: never two holders at once, and each turn a larger fence', async () => {
		const { ctx } = await request();
		let holding = 0;
		let most = 0;
		const fences: number[] = [];
		const worker = async (i: number) => {
			for (;;) {
				const lock = await acquireLock(ctx, 'report', `worker-${i}`, 10_000);
				if (!lock) {
					await sleep(Math.random() * 5);
					continue;
				}
				holding++;
				most = Math.max(most, holding);
				fences.push(lock.fence);
				await sleep(1);
				holding--;
				expect(await releaseLock(ctx, lock)).toBe(true);
				return;
			}
		};
		await Promise.all(Array.from({ length: 100 }, (_, i) => worker(i)));
		expect(most).toBe(1);
		expect(fences).toHaveLength(100);
		expect(fences).toEqual([...fences].sort((a, b) => a - b));
		expect(new Set(fences).size).toBe(100);
	}, 60_000);

	it('SET NX PX and the fence are one script: the trace is one EVALSHA with both keys', async () => {
		const { ctx, trace } = await request();
		const lock = await acquireLock(ctx, 'report', 'worker-a', 5000);
		const call = trace.findLast((e) => e.cmd === 'EVALSHA')!;
		expect(call.args.slice(1)).toEqual([
			'2',
			lockKey('report'),
			fenceKey('report'),
			lock!.token,
			'5000'
		]);
		expect(lock!.token).toMatch(/^worker-a:[0-9a-f]{16}$/);
	});
});

describe('release', () => {
	it('by a non-owner fails and leaves the lock as it was', async () => {
		const { ctx, sandbox } = await request();
		const a = (await acquireLock(ctx, 'report', 'worker-a', 10_000))!;
		expect(await releaseLock(ctx, { resource: 'report', token: 'worker-b:guess' })).toBe(false);
		expect(await plain.get(sandbox.prefix + lockKey('report'))).toBe(a.token);
		expect(await releaseLock(ctx, a)).toBe(true);
		expect(await plain.exists(sandbox.prefix + lockKey('report'))).toBe(0);
		// Released twice: the second finds nothing of its own.
		expect(await releaseLock(ctx, a)).toBe(false);
	});

	it('expiry frees the lock for the next worker', async () => {
		const { ctx } = await request();
		const a = (await acquireLock(ctx, 'report', 'worker-a', 150))!;
		expect(await acquireLock(ctx, 'report', 'worker-b', 5000)).toBeNull();
		await untilExpired(ctx, 'report');
		const b = await acquireLock(ctx, 'report', 'worker-b', 5000);
		expect(b).not.toBeNull();
		expect(b!.fence).toBe(a.fence + 1);
		// worker-a's late release cannot touch worker-b's lock.
		expect(await releaseLock(ctx, a)).toBe(false);
		expect((await lockHolder(ctx, 'report')).token).toBe(b!.token);
	});

	it('extend works for the owner only', async () => {
		const { ctx, sandbox } = await request();
		const a = (await acquireLock(ctx, 'report', 'worker-a', 1000))!;
		expect(await extendLock(ctx, { resource: 'report', token: 'worker-b:guess' }, 60_000)).toBe(
			false
		);
		expect(await plain.pttl(sandbox.prefix + lockKey('report'))).toBeLessThanOrEqual(1000);
		expect(await extendLock(ctx, a, 60_000)).toBe(true);
		expect(await plain.pttl(sandbox.prefix + lockKey('report'))).toBeGreaterThan(59_000);
	});
});

describe('the GET-then-DEL race, reproduced deterministically', () => {
	it("worker-a's lock expires between its GET and its DEL; the DEL removes worker-b's lock", async () => {
		const { ctx } = await request();
		const a = (await acquireLock(ctx, 'report', 'worker-a', 100))!;
		let b = null as Awaited<ReturnType<typeof acquireLock>>;
		const released = await releaseWithGetThenDel(ctx, a, async () => {
			await untilExpired(ctx, 'report');
			b = await acquireLock(ctx, 'report', 'worker-b', 10_000);
		});
		expect(b).not.toBeNull();
		expect(released).toBe(true); // worker-a believes it released its own lock
		expect((await lockHolder(ctx, 'report')).token).toBeNull(); // worker-b's lock is gone
		const c = await acquireLock(ctx, 'report', 'worker-c', 10_000);
		expect(c).not.toBeNull(); // worker-b and worker-c now both hold "the" lock
		expect(await releaseLock(ctx, b!)).toBe(false);
	});

	it('the script release in the same spot deletes nothing', async () => {
		const { ctx } = await request();
		const a = (await acquireLock(ctx, 'report', 'worker-a', 100))!;
		await untilExpired(ctx, 'report');
		const b = (await acquireLock(ctx, 'report', 'worker-b', 10_000))!;
		expect(await releaseLock(ctx, a)).toBe(false);
		expect((await lockHolder(ctx, 'report')).token).toBe(b.token);
		expect(await acquireLock(ctx, 'report', 'worker-c', 10_000)).toBeNull();
	});

	it('labels each worker’s commands in the lock-race trace', async () => {
		const { ctx, trace } = await request();
		await lockRace.run(ctx, {});
		const actors = new Set(trace.map(({ actor }) => actor));
		expect(actors).toEqual(new Set(['worker-a', 'worker-b', 'worker-c', undefined]));
		// The fatal DEL of GET-then-DEL is worker-a's.
		expect(trace.find(({ cmd }) => cmd === 'DEL')?.actor).toBe('worker-a');
	});

	it('the lock-race demo shows both, and the fencing token rejecting the stale writer', async () => {
		const { ctx, sql } = await request();
		for (let run = 1; run <= 2; run++) {
			const { outcome, result } = await lockRace.run(ctx, {});
			expect(outcome).toBe('not-owner');
			const { release, fencing, report } = result as {
				release: Record<string, string>[];
				fencing: { worker: string; fence: number; result: string }[];
				report: { body: string; fence: number }[];
			};
			const row = (step: string) => release.find((r) => r.step === step)!;
			expect(row('worker-a resumes its release')).toMatchObject({
				'GET then DEL': "DEL: deleted worker-b's lock",
				'Lua compare-and-delete': 'script: not the owner, deleted nothing'
			});
			expect(row('the lock is now held by')).toMatchObject({
				'GET then DEL': '(nobody)',
				'Lua compare-and-delete': 'worker-b'
			});
			expect(row('worker-c acquires')['GET then DEL']).toBe(
				'acquired: worker-b and worker-c both hold it'
			);
			expect(row('worker-c acquires')['Lua compare-and-delete']).toBe('refused: held by worker-b');
			expect(row('worker-b releases (with the script)')).toMatchObject({
				'GET then DEL': 'not-owner: its lock was already gone',
				'Lua compare-and-delete': 'released'
			});
			const [, , , bWrite, aWrite] = fencing;
			expect(bWrite).toMatchObject({ worker: 'worker-b', result: 'accepted' });
			expect(aWrite!.worker).toBe('worker-a');
			expect(aWrite!.fence).toBeLessThan(bWrite!.fence);
			expect(aWrite!.result).toBe(`rejected: ${aWrite!.fence} < ${bWrite!.fence}`);
			expect(report).toEqual([
				{ resource: 'race:report', body: 'written by worker-b', fence: bWrite!.fence }
			]);
		}
		expect(sql.some((s) => s.sql.startsWith('INSERT INTO reports'))).toBe(true);
	});
});

describe('fencing tokens', () => {
	it('the store accepts strictly greater tokens only: a repeated token (after a failover, say) is refused', async () => {
		const { ctx } = await request();
		expect(await fencedWrite(ctx, 'report', 5, 'five')).toBe(true);
		expect(await fencedWrite(ctx, 'report', 5, 'five again')).toBe(false);
		expect(await fencedWrite(ctx, 'report', 4, 'four')).toBe(false);
		expect(await fencedWrite(ctx, 'report', 6, 'six')).toBe(true);
		expect(
			await ctx.db.get('SELECT body, fence FROM reports WHERE resource = ?', 'report')
		).toEqual({
			body: 'six',
			fence: 6
		});
	});
});

describe('the lock demos', () => {
	it('acquire, held, not-owner release, extend, release', async () => {
		const { ctx } = await request();
		const a = await lockAcquire.run(ctx, { resource: 'report', worker: 'worker-a', ttl: 30 });
		expect(a.outcome).toBe('acquired');
		expect(a.result).toMatchObject({ key: 'lock:report', holder: 'worker-a', fence: 1 });
		const b = await lockAcquire.run(ctx, { resource: 'report', worker: 'worker-b', ttl: 30 });
		expect(b.outcome).toBe('held');
		expect(b.result).toMatchObject({ holder: 'worker-a' });
		const again = await lockAcquire.run(ctx, { resource: 'report', worker: 'worker-a', ttl: 30 });
		expect(again.outcome).toBe('held');
		expect(again.summary).toMatch(/already holds/);
		const wrong = await lockRelease.run(ctx, { resource: 'report', worker: 'worker-b' });
		expect(wrong.outcome).toBe('not-owner');
		expect(wrong.result).toMatchObject({ released: false, 'holder now': 'worker-a' });
		const notMine = await lockExtend.run(ctx, { resource: 'report', worker: 'worker-b', ttl: 60 });
		expect(notMine.outcome).toBe('not-owner');
		const extended = await lockExtend.run(ctx, { resource: 'report', worker: 'worker-a', ttl: 60 });
		expect(extended.outcome).toBe('acquired');
		expect((extended.result as { 'expires in (ms)': number })['expires in (ms)']).toBeGreaterThan(
			59_000
		);
		const released = await lockRelease.run(ctx, { resource: 'report', worker: 'worker-a' });
		expect(released.outcome).toBe('released');
		expect(released.result).toMatchObject({ released: true, 'holder now': '(nobody)' });
		const next = await lockAcquire.run(ctx, { resource: 'report', worker: 'worker-b', ttl: 30 });
		expect(next.outcome).toBe('acquired');
		expect(next.result).toMatchObject({ fence: 2 });
	});
});
