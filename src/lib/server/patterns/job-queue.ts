import type { Redis } from 'ioredis';
import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, moveAllBack, runScript } from '../pattern-support';

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

/** A job as taken from the queue: parsed, and as stored (LREM needs the exact string). */
export interface TakenJob {
	job: Job;
	raw: string;
}

export interface Attempt {
	job: Job;
	worker: string;
	outcome: 'done' | 'retry' | 'dead' | 'dropped';
	detail: string;
}

/** A restarted worker first puts back, at the head of the queue, what it held when it died. */
export const takeBackOwnJobs = ({ redis }: PatternContext, worker: string) =>
	moveAllBack(redis, processingKey(worker), QUEUE_KEY);

/**
 * Renews the lease (and the registration that lets recovery find this worker if it dies), then
 * waits for a job. BLMOVE moves it into this worker's processing list in one atomic step, so at
 * every instant a job is in the queue, in a processing list, or done. It blocks, so it runs on a
 * connection of its own. Null when nothing came within WAIT_SECONDS.
 */
export async function takeJob(
	{ redis, clock }: PatternContext,
	blocking: Redis,
	worker: string
): Promise<TakenJob | null> {
	await execAll(
		redis.multi().sadd(WORKERS_KEY, worker).set(leaseKey(worker), clock.now(), 'PX', LEASE_MS)
	);
	const raw = await blocking.blmove(
		QUEUE_KEY,
		processingKey(worker),
		'LEFT',
		'RIGHT',
		WAIT_SECONDS
	);
	return raw === null ? null : { job: JSON.parse(raw) as Job, raw };
}

/** Runs one taken job: on success COMPLETE records it; on failure SETTLE retries or buries it. */
export async function runJob(
	{ redis }: PatternContext,
	worker: string,
	handle: Handler,
	{ job, raw }: TakenJob
): Promise<Attempt> {
	let result: string;
	try {
		result = await handle(job);
	} catch (error) {
		const failed = { ...job, attempts: job.attempts + 1 };
		const dead = failed.attempts >= MAX_ATTEMPTS;
		const moved = await runScript(
			redis,
			SETTLE,
			[processingKey(worker), dead ? DEAD_KEY : QUEUE_KEY],
			[raw, JSON.stringify(failed)]
		);
		const detail = (error as Error).message;
		return { job, worker, outcome: moved === 0 ? 'dropped' : dead ? 'dead' : 'retry', detail };
	}
	const done = await runScript(
		redis,
		COMPLETE,
		[processingKey(worker), RESULTS_KEY, DONE_KEY],
		[raw, job.id, result]
	);
	return { job, worker, outcome: done === 0 ? 'dropped' : 'done', detail: result };
}

/** The worker: takes back its own jobs, then takes and runs jobs (at most `maxJobs` here). */
export async function work(ctx: PatternContext, worker: string, handle: Handler, maxJobs = 10) {
	const blocking = await ctx.ownConnection();
	const recovered = await takeBackOwnJobs(ctx, worker);
	const attempts: Attempt[] = [];
	while (attempts.length < maxJobs) {
		const taken = await takeJob(ctx, blocking, worker);
		if (!taken) break;
		attempts.push(await runJob(ctx, worker, handle, taken));
	}
	return { recovered, attempts };
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
	const alive = (await execAll(batch)).map((reply) => reply === 1);
	const recovered: { worker: string; jobs: number }[] = [];
	for (const [i, worker] of workers.entries()) {
		if (alive[i]) continue;
		recovered.push({ worker, jobs: await takeBackOwnJobs(ctx, worker) });
		await redis.srem(WORKERS_KEY, worker);
	}
	return recovered;
}
