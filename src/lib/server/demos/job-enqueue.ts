import { SALE_COUNT } from '../db/seed';
import { memoryKey } from '../pattern-support';
import { enqueue } from '../patterns/job-queue';
import { defineDemo, integer } from './define';
import { shownState } from './support/job-queue-view';

/** Each click sends the receipts of the next seeded sales, round and round. */
const NEXT_SALE = memoryKey('job-enqueue:next-sale', () => 0);

export default defineDemo({
	id: 'job-enqueue',
	title: 'Enqueue jobs',
	button: 'Enqueue',
	pattern: 'job-queue',
	runs: 'enqueue',
	inputs: { count: integer('Jobs', 1, 10, 3) },
	async run(ctx, { count }) {
		const first = await ctx.memory.get(NEXT_SALE);
		await ctx.memory.set(NEXT_SALE, first + count);
		const sales = Array.from({ length: count }, (_, i) => ((first + i) % SALE_COUNT) + 1);
		const jobs = await enqueue(ctx, sales);
		const state = await shownState(ctx);
		return {
			outcome: 'queued',
			result: { enqueued: jobs.map(({ id, sale }) => ({ job: id, sale })), ...state },
			summary: `${count} ${count === 1 ? 'job' : 'jobs'} queued (receipts for sales ${sales.join(', ')}); ${state.waiting} waiting`
		};
	}
});
