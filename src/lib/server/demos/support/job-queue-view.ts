import type { PatternContext } from '../../pattern-support';
import { execAll } from '../../pattern-support';
import {
	DEAD_KEY,
	DONE_KEY,
	QUEUE_KEY,
	WORKERS_KEY,
	leaseKey,
	processingKey,
	type Attempt,
	type Handler,
	type Job
} from '../../patterns/job-queue';

/** The job the lesson's demos run: look up a sale and write its receipt. */
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

/** The whole queue at a glance: waiting, in progress per worker, done, dead. */
export async function queueState({ redis }: PatternContext) {
	const workers = (await redis.smembers(WORKERS_KEY)).sort();
	const batch = redis.pipeline().lrange(QUEUE_KEY, 0, -1).get(DONE_KEY).lrange(DEAD_KEY, 0, -1);
	for (const worker of workers) batch.lrange(processingKey(worker), 0, -1).pttl(leaseKey(worker));
	const replies = await execAll(batch);
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

const jobRows = (jobs: Job[]) =>
	jobs.length ? jobs.map(({ id, sale, attempts }) => ({ job: id, sale, attempts })) : '(empty)';

/** The queue, the processing lists and the done count, as the demos of this lesson show them. */
export async function shownState(ctx: PatternContext) {
	const { queue, processing, done, dead } = await queueState(ctx);
	const inProgress = processing.flatMap(({ worker, jobs, leaseLeftMs }) =>
		jobs.map(({ id, sale }) => ({ worker, job: id, sale, leaseLeftMs }))
	);
	return {
		waiting: queue.length,
		'in progress': inProgress.length,
		done,
		dead: dead.length,
		queue: jobRows(queue),
		processing: inProgress.length ? inProgress : '(empty)',
		...(dead.length ? { deadJobs: jobRows(dead) } : {})
	};
}

export const attemptRows = (attempts: Attempt[]) =>
	attempts.map(({ job, worker, outcome, detail }) => ({
		job: job.id,
		sale: job.sale,
		attempt: job.attempts + 1,
		worker,
		outcome,
		detail
	}));
