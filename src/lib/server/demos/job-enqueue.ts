import type { PatternContext } from '../pattern-support';
import { enqueue, queueState, type Job } from '../patterns/job-queue';
import { defineDemo, integer } from './define';

const NEXT_SALE = 'job-enqueue:next-sale';
/** The seeded sales are numbered 1 to 20. */
const SALES = 20;

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
		inProgress: inProgress.length,
		done,
		dead: dead.length,
		queue: jobRows(queue),
		processing: inProgress.length ? inProgress : '(empty)',
		...(dead.length ? { deadJobs: jobRows(dead) } : {})
	};
}

export default defineDemo({
	id: 'job-enqueue',
	title: 'Enqueue jobs',
	button: 'Enqueue',
	pattern: 'job-queue',
	inputs: { count: integer('Jobs', 1, 10, 3) },
	async run(ctx, { count }) {
		const first = Number(ctx.memory.get(NEXT_SALE) ?? 0);
		ctx.memory.set(NEXT_SALE, first + count);
		const sales = Array.from({ length: count }, (_, i) => ((first + i) % SALES) + 1);
		const jobs = await enqueue(ctx, sales);
		const state = await shownState(ctx);
		return {
			outcome: 'queued',
			result: { enqueued: jobs.map(({ id, sale }) => ({ job: id, sale })), ...state },
			summary: `${count} ${count === 1 ? 'job' : 'jobs'} queued (receipts for sales ${sales.join(', ')}); ${state.waiting} waiting`
		};
	}
});
