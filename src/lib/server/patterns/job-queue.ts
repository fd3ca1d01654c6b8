import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';

export const QUEUE_KEY = 'jobs:queue';
/** Each worker has its own processing list: what it has taken and not yet finished. */
export const processingKey = (worker: string) => `jobs:processing:${worker}`;
/** A worker's lease: it renews it before each wait; once it lapses, the worker counts as dead. */
export const leaseKey = (worker: string) => `jobs:lease:${worker}`;
export const WORKERS_KEY = 'jobs:workers';
export const DONE_KEY = 'jobs:done';
export const RESULTS_KEY = 'jobs:results';
/** Jobs that failed MAX_ATTEMPTS times: kept for a person to look at, not retried for ever. */
export const DEAD_KEY = 'jobs:dead';
const NEXT_ID_KEY = 'jobs:next-id';

/** How long one BLMOVE waits for a job before the worker looks around (renews its lease). */
export const WAIT_SECONDS = 1;
/** Longer than a wait plus one job, or a live worker would be taken for dead. */
export const LEASE_MS = 3000;
export const MAX_ATTEMPTS = 3;

export interface Job {
	id: number;
	/** The job's input: here, the sale whose receipt to send. */
	sale: number;
	/** Failed attempts so far. */
	attempts: number;
}

/** The work itself: resolves to the job's result, throws to fail this attempt. */
export type Handler = (job: Job) => Promise<string>;

/** Adds jobs at the tail of the queue; workers take them from the head. */
export async function enqueue({ redis }: PatternContext, sales: number[]): Promise<Job[]> {
	const last = await redis.incrby(NEXT_ID_KEY, sales.length);
	const jobs = sales.map((sale, i) => ({ id: last - sales.length + 1 + i, sale, attempts: 0 }));
	await redis.rpush(QUEUE_KEY, ...jobs.map((job) => JSON.stringify(job)));
	return jobs;
}

/**
 * Finishing a job and removing it from the processing list are one step, and only if the job is
 * still there: if recovery gave it to another worker meanwhile, this late result is dropped, so
 * each job's result is recorded once.
 */
const COMPLETE = defineScript(`
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return redis.call('INCR', KEYS[3])
`);

/** Moves a failed job, if this worker still has it, back to the queue or to the dead list. */
const SETTLE = defineScript(`
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
return redis.call('RPUSH', KEYS[2], ARGV[2])
`);

/** Thrown by a worker started with `crashAfterTake`: it stops where a killed process would. */
export class WorkerCrashed extends Error {
	constructor(readonly job: string) {
		super('the worker stopped after taking a job and before finishing it');
	}
}

export interface WorkOptions {
	/** Stop after this many jobs (a real worker loops for ever). */
	maxJobs?: number;
	/** Stop right after taking a job, as if the process were killed (demos, tests). */
	crashAfterTake?: boolean;
}

export interface Attempt {
	job: Job;
	worker: string;
	outcome: 'done' | 'retry' | 'dead' | 'dropped';
	detail: string;
}

/** Renews the lease, and the registration that lets recovery find this worker if it dies. */
const renewLease = ({ redis }: PatternContext, worker: string) =>
	redis.multi().sadd(WORKERS_KEY, worker).set(leaseKey(worker), Date.now(), 'PX', LEASE_MS).exec();

/** Puts every job a worker holds back at the head of the queue, in order. */
async function requeueAll({ redis }: PatternContext, worker: string) {
	let moved = 0;
	while ((await redis.lmove(processingKey(worker), QUEUE_KEY, 'RIGHT', 'LEFT')) !== null) moved++;
	return moved;
}

/**
 * The worker. BLMOVE waits for a job and moves it into this worker's processing list in one
 * atomic step, so at every instant a job is in the queue, in a processing list, or done. It
 * blocks, so it runs on a connection of its own. A restarted worker first takes back what it
 * held when it died.
 */
export async function work(
	ctx: PatternContext,
	worker: string,
	handle: Handler,
	{ maxJobs = 10, crashAfterTake = false }: WorkOptions = {}
) {
	const blocking = await ctx.ownConnection();
	const recovered = await requeueAll(ctx, worker);
	const attempts: Attempt[] = [];
	while (attempts.length < maxJobs) {
		await renewLease(ctx, worker);
		const raw = await blocking.blmove(
			QUEUE_KEY,
			processingKey(worker),
			'LEFT',
			'RIGHT',
			WAIT_SECONDS
		);
		if (raw === null) break; // nothing came within WAIT_SECONDS
		if (crashAfterTake) throw new WorkerCrashed(raw);
		const job = JSON.parse(raw) as Job;
		attempts.push(await attempt(ctx, worker, handle, job, raw));
	}
	return { recovered, attempts };
}

async function attempt(
	ctx: PatternContext,
	worker: string,
	handle: Handler,
	job: Job,
	raw: string
) {
	const keys = (to: string) => [processingKey(worker), to];
	let result: string;
	try {
		result = await handle(job);
	} catch (error) {
		const failed = { ...job, attempts: job.attempts + 1 };
		const dead = failed.attempts >= MAX_ATTEMPTS;
		const moved = await runScript(ctx.redis, SETTLE, keys(dead ? DEAD_KEY : QUEUE_KEY), [
			raw,
			JSON.stringify(failed)
		]);
		const detail = (error as Error).message;
		if (moved === 0) return { job, worker, outcome: 'dropped', detail } satisfies Attempt;
		return { job, worker, outcome: dead ? 'dead' : 'retry', detail } satisfies Attempt;
	}
	const done = await runScript(
		ctx.redis,
		COMPLETE,
		[processingKey(worker), RESULTS_KEY, DONE_KEY],
		[raw, job.id, result]
	);
	if (done === 0) return { job, worker, outcome: 'dropped', detail: result } satisfies Attempt;
	return { job, worker, outcome: 'done', detail: result } satisfies Attempt;
}

/**
 * Recovery, run by any worker or a cron: the jobs of every worker whose lease has lapsed go back
 * to the head of the queue. A worker that was only paused and finishes later finds its job gone
 * from its list, and COMPLETE drops its result.
 */
export async function recoverDeadWorkers(ctx: PatternContext) {
	const { redis } = ctx;
	const workers = await redis.smembers(WORKERS_KEY);
	const batch = redis.pipeline();
	for (const worker of workers) batch.exists(leaseKey(worker));
	const alive = ((await batch.exec()) ?? []).map(([, reply]) => reply === 1);
	const recovered: { worker: string; jobs: number }[] = [];
	for (const [i, worker] of workers.entries()) {
		if (alive[i]) continue;
		recovered.push({ worker, jobs: await requeueAll(ctx, worker) });
		await redis.srem(WORKERS_KEY, worker);
	}
	return recovered;
}

/** The whole queue at a glance: waiting, in progress per worker, done, dead. */
export async function queueState({ redis }: PatternContext) {
	const workers = (await redis.smembers(WORKERS_KEY)).sort();
	const batch = redis.pipeline().lrange(QUEUE_KEY, 0, -1).get(DONE_KEY).lrange(DEAD_KEY, 0, -1);
	for (const worker of workers) batch.lrange(processingKey(worker), 0, -1).pttl(leaseKey(worker));
	const replies = ((await batch.exec()) ?? []).map(([, reply]) => reply);
	const [queue, done, dead] = replies as [string[], string | null, string[]];
	const parse = (raw: string) => JSON.parse(raw) as Job;
	return {
		queue: queue.map(parse),
		processing: workers.map((worker, i) => ({
			worker,
			jobs: (replies[3 + 2 * i] as string[]).map(parse),
			leaseLeftMs: Math.max(0, Number(replies[4 + 2 * i]))
		})),
		done: Number(done ?? 0),
		dead: dead.map(parse)
	};
}

/** The job this lesson runs: look up a sale and write its receipt. */
export function sendReceipt({ db }: PatternContext): Handler {
	return async (job) => {
		const sale = await db.get<{
			product: string;
			quantity: number;
			customer: string;
			email: string;
		}>(
			`SELECT p.name AS product, s.quantity, c.name AS customer, c.email
			FROM sales s JOIN inventory p ON p.id = s.product_id JOIN customers c ON c.id = s.customer_id
			WHERE s.id = ?`,
			job.sale
		);
		if (!sale) throw new Error(`there is no sale ${job.sale}`);
		return `receipt for sale ${job.sale}: ${sale.quantity} × ${sale.product} to ${sale.email}`;
	};
}
