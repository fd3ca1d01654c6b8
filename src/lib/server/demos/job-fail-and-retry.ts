import { DEAD_KEY, MAX_ATTEMPTS, enqueue, work, type Handler } from '../patterns/job-queue';
import { defineDemo } from './define';
import { attemptRows, sendReceipt, shownState } from './support/job-queue-view';

/** A sale that does not exist: this job fails on every attempt. */
const MISSING_SALE = 999;

export default defineDemo({
	id: 'job-fail-and-retry',
	title: 'A job that fails once, and one that always fails',
	button: 'Enqueue and work',
	pattern: 'job-queue',
	runs: 'runJob',
	inputs: {},
	async run(ctx) {
		const [flaky, poison] = await enqueue(ctx, [7, MISSING_SALE]);
		const receipt = sendReceipt(ctx);
		// The mail server times out on the first attempt at the flaky job, then answers.
		const handler: Handler = async (job) => {
			if (job.id === flaky!.id && job.attempts === 0) throw new Error('the mail server timed out');
			return receipt(job);
		};
		const { attempts } = await work(ctx, 'worker-1', handler, 30);
		const state = await shownState(ctx);
		const ours = attempts.filter((a) => a.job.id === flaky!.id || a.job.id === poison!.id);
		const flakyEnd = ours.findLast((a) => a.job.id === flaky!.id)?.outcome;
		const poisonEnd = ours.findLast((a) => a.job.id === poison!.id)?.outcome;
		return {
			outcome: 'done',
			result: { attempts: attemptRows(attempts), ...state },
			summary:
				`job ${flaky!.id} failed once and was ${flakyEnd === 'done' ? 'done on its retry' : flakyEnd}; ` +
				`job ${poison!.id} failed ${MAX_ATTEMPTS} times and ${poisonEnd === 'dead' ? `went to ${DEAD_KEY}` : poisonEnd}`
		};
	}
});
