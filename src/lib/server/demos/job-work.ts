import { WAIT_SECONDS, work } from '../patterns/job-queue';
import { choice, defineDemo, integer } from './define';
import { attemptRows, sendReceipt, shownState } from './support/job-queue-view';

export default defineDemo({
	id: 'job-work',
	title: 'Run a worker',
	button: 'Work',
	pattern: 'job-queue',
	runs: 'work',
	inputs: {
		worker: choice('Worker', ['worker-1', 'worker-2'] as const, 'worker-1'),
		count: integer('Jobs at most', 1, 10, 5)
	},
	async run(ctx, { worker, count }) {
		const { recovered, attempts } = await work(ctx, worker, sendReceipt(ctx), count);
		const state = await shownState(ctx);
		const done = attempts.filter((a) => a.outcome === 'done').length;
		return {
			outcome: 'done',
			result: {
				attempts: attempts.length ? attemptRows(attempts) : `no job came within ${WAIT_SECONDS} s`,
				'taken back at start': recovered,
				...state
			},
			summary:
				`${worker} finished ${done} ${done === 1 ? 'job' : 'jobs'}` +
				(attempts.length < count ? `, then waited ${WAIT_SECONDS} s for more and stopped` : '') +
				`; ${state.waiting} waiting, ${state.done} done in all`
		};
	}
});
