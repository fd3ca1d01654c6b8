import { describe, expect, it } from 'vitest';
import jobEnqueue from '$lib/server/demos/job-enqueue';
import jobFailAndRetry from '$lib/server/demos/job-fail-and-retry';
import jobRecover from '$lib/server/demos/job-recover';
import jobWork from '$lib/server/demos/job-work';
import { queueState, sendReceipt } from '$lib/server/demos/support/job-queue-view';
import {
	DEAD_KEY,
	DONE_KEY,
	MAX_ATTEMPTS,
	QUEUE_KEY,
	RESULTS_KEY,
	enqueue,
	leaseKey,
	processingKey,
	recoverDeadWorkers,
	takeBackOwnJobs,
	takeJob,
	work,
	type Attempt,
	type Handler,
	type Job
} from '$lib/server/patterns/job-queue';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = (sandbox: Sandbox, name: string) => sandbox.prefix + name;

/** A job that takes a few ms and returns which job it was. */
const quick: Handler = async (job) => {
	await sleep(Math.random() * 5);
	return `done ${job.id}`;
};

async function untilLeaseLapses(sandbox: Sandbox, worker: string) {
	while ((await plain.exists(key(sandbox, leaseKey(worker)))) === 1) await sleep(25);
}

describe('the worker', () => {
	it('takes jobs with BLMOVE into its processing list, finishes each, then waits 1 s and stops', async () => {
		const sandbox = newSandbox();
		const { ctx, trace } = await request(sandbox);
		const jobs = await enqueue(ctx, [1, 2, 3]);
		expect(jobs.map((j) => j.id)).toEqual([1, 2, 3]);
		const started = Date.now();
		const { attempts } = await work(ctx, 'worker-1', sendReceipt(ctx));
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(attempts.map((a) => [a.job.id, a.outcome])).toEqual([
			[1, 'done'],
			[2, 'done'],
			[3, 'done']
		]);
		expect(attempts[0]!.detail).toMatch(/^receipt for sale 1: \d+ × .+ to .+@example\.com$/);
		const blmoves = trace.filter((e) => e.cmd === 'BLMOVE');
		expect(blmoves).toHaveLength(4);
		expect(blmoves[0]!.args).toEqual([QUEUE_KEY, processingKey('worker-1'), 'LEFT', 'RIGHT', '1']);
		expect(blmoves.at(-1)!.reply).toBe('(nil)');
		const state = await queueState(ctx);
		expect(state).toMatchObject({ queue: [], done: 3, dead: [] });
		expect(state.processing).toEqual([
			{ worker: 'worker-1', jobs: [], leaseLeftMs: expect.any(Number) }
		]);
		expect(await plain.hlen(key(sandbox, RESULTS_KEY))).toBe(3);
	});

	it('a worker restarted after a crash takes back the job it held, first', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await enqueue(ctx, [1, 2]);
		// The worker starts, takes a job, and is killed before it runs it.
		expect(await takeBackOwnJobs(ctx, 'worker-1')).toBe(0);
		const taken = await takeJob(ctx, await ctx.ownConnection(), 'worker-1');
		expect(taken?.job).toEqual({ id: 1, sale: 1, attempts: 0 });
		expect(await plain.lrange(key(sandbox, processingKey('worker-1')), 0, -1)).toEqual([
			taken!.raw
		]);
		const { recovered, attempts } = await work(ctx, 'worker-1', quick);
		expect(recovered).toBe(1);
		expect(attempts.map((a) => a.job.id)).toEqual([1, 2]);
		expect(await plain.get(key(sandbox, DONE_KEY))).toBe('2');
	});
});

describe('a worker killed mid-job', () => {
	it('loses no job, and after recovery every job is done exactly once', async () => {
		const sandbox = newSandbox();
		const setup = await request(sandbox);
		const jobs = await enqueue(
			setup.ctx,
			Array.from({ length: 30 }, (_, i) => i + 1)
		);

		// worker-3 hangs in its first job, as a killed (or frozen) process would.
		let wake!: () => void;
		const frozen = new Promise<void>((resolve) => (wake = resolve));
		const killed: Handler = async (job) => {
			await frozen;
			return `late ${job.id}`;
		};
		const three = await request(sandbox);
		const worker3 = work(three.ctx, 'worker-3', killed, 1);
		while ((await plain.llen(key(sandbox, processingKey('worker-3')))) === 0) await sleep(5);
		const [one, two] = await Promise.all([request(sandbox), request(sandbox)]);
		const runs = await Promise.all([
			work(one.ctx, 'worker-1', quick, 100),
			work(two.ctx, 'worker-2', quick, 100)
		]);
		const attempts: Attempt[] = runs.flatMap((r) => r.attempts);
		expect(attempts).toHaveLength(29);
		const stuck = await plain.lrange(key(sandbox, processingKey('worker-3')), 0, -1);
		expect(stuck).toHaveLength(1);
		const stuckJob = JSON.parse(stuck[0]!) as Job;
		expect(await plain.llen(key(sandbox, QUEUE_KEY))).toBe(0);

		// While worker-3's lease runs, recovery leaves it alone; once it lapses, its job goes back.
		const early = await request(sandbox);
		expect(await recoverDeadWorkers(early.ctx)).toEqual([]);
		await untilLeaseLapses(sandbox, 'worker-3');
		const reaper = await request(sandbox);
		const recovered = await recoverDeadWorkers(reaper.ctx);
		expect(recovered).toContainEqual({ worker: 'worker-3', jobs: 1 });
		expect(await plain.lrange(key(sandbox, QUEUE_KEY), 0, -1)).toEqual(stuck);

		const again = await request(sandbox);
		const rerun = await work(again.ctx, 'worker-1', quick);
		expect(rerun.attempts.map((a) => [a.job.id, a.outcome])).toEqual([[stuckJob.id, 'done']]);
		attempts.push(...rerun.attempts);

		// worker-3 was only frozen: it wakes and tries to finish. Its result is dropped.
		wake();
		const late = await worker3;
		expect(late.attempts.map((a) => [a.job.id, a.outcome])).toEqual([[stuckJob.id, 'dropped']]);

		const done = attempts.filter((a) => a.outcome === 'done').map((a) => a.job.id);
		expect(done.sort((a, b) => a - b)).toEqual(jobs.map((j) => j.id));
		expect(await plain.get(key(sandbox, DONE_KEY))).toBe('30');
		const results = await plain.hgetall(key(sandbox, RESULTS_KEY));
		expect(Object.keys(results)).toHaveLength(30);
		expect(results[String(stuckJob.id)]).toBe(`done ${stuckJob.id}`);
		for (const worker of ['worker-1', 'worker-2', 'worker-3']) {
			expect(await plain.llen(key(sandbox, processingKey(worker)))).toBe(0);
		}
		expect(await plain.llen(key(sandbox, QUEUE_KEY))).toBe(0);
	}, 20_000);
});

describe('fail and retry', () => {
	it('a failed job goes back to the queue; after MAX_ATTEMPTS failures it goes to the dead list', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const [flaky, poison] = await enqueue(ctx, [3, 999]);
		const receipt = sendReceipt(ctx);
		const handler: Handler = async (job) => {
			if (job.id === flaky!.id && job.attempts === 0) throw new Error('timed out');
			return receipt(job);
		};
		const { attempts } = await work(ctx, 'worker-1', handler);
		expect(attempts.map((a) => [a.job.id, a.job.attempts, a.outcome])).toEqual([
			[flaky!.id, 0, 'retry'],
			[poison!.id, 0, 'retry'],
			[flaky!.id, 1, 'done'],
			[poison!.id, 1, 'retry'],
			[poison!.id, 2, 'dead']
		]);
		expect(attempts[1]!.detail).toBe('there is no sale 999');
		const dead = (await plain.lrange(key(sandbox, DEAD_KEY), 0, -1)).map((raw) => JSON.parse(raw));
		expect(dead).toEqual([{ id: poison!.id, sale: 999, attempts: MAX_ATTEMPTS }]);
		expect(await plain.get(key(sandbox, DONE_KEY))).toBe('1');
		expect(await plain.llen(key(sandbox, QUEUE_KEY))).toBe(0);
	});
});

describe('the job demos', () => {
	it('enqueue, work, fail-and-retry and crash-recover show the queue, the processing list and the done count', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const queued = await jobEnqueue.run(ctx, { count: 3 });
		expect(queued.outcome).toBe('queued');
		expect(queued.result).toMatchObject({
			enqueued: [
				{ job: 1, sale: 1 },
				{ job: 2, sale: 2 },
				{ job: 3, sale: 3 }
			],
			waiting: 3,
			'in progress': 0,
			done: 0
		});

		const worked = await jobWork.run(ctx, { worker: 'worker-1', count: 2 });
		expect(worked.outcome).toBe('done');
		expect(worked.result).toMatchObject({ waiting: 1, 'in progress': 0, done: 2 });

		const retried = await jobFailAndRetry.run(ctx, {});
		expect(retried.result).toMatchObject({ waiting: 0, 'in progress': 0, done: 4, dead: 1 });
		expect(retried.summary).toMatch(/failed once and was done on its retry/);

		const recovered = await jobRecover.run(ctx, {});
		expect(recovered.outcome).toBe('recovered');
		const result = recovered.result as {
			steps: { waiting: number; 'in progress': number; done: number }[];
			recovered: { worker: string; jobs: number }[];
			done: number;
		};
		expect(
			result.steps.map(({ waiting, 'in progress': inProgress, done }) => [
				waiting,
				inProgress,
				done
			])
		).toEqual([
			[0, 1, 4],
			[1, 0, 4],
			[0, 0, 5]
		]);
		expect(result.recovered).toEqual([{ worker: 'worker-2', jobs: 1 }]);
		expect(recovered.summary).toMatch(/worker-1 finished it: receipt for sale 12/);
	}, 20_000);
});
