import {
	LEASE_MS,
	enqueue,
	leaseKey,
	recoverDeadWorkers,
	takeBackOwnJobs,
	takeJob,
	work
} from '../patterns/job-queue';
import { DemoPreconditionError, defineDemo } from './define';
import { attemptRows, sendReceipt, shownState } from './support/job-queue-view';

export default defineDemo({
	id: 'job-recover',
	title: 'Kill a worker mid-job, then recover its job',
	button: 'Crash and recover',
	pattern: 'job-queue',
	runs: 'recoverDeadWorkers',
	inputs: {},
	async run(ctx) {
		await enqueue(ctx, [12]);
		// worker-2 starts as any worker does, takes the job at the head of the queue, and is
		// killed before it runs it: nothing after takeJob happens.
		await takeBackOwnJobs(ctx, 'worker-2');
		const taken = await takeJob(ctx, await ctx.ownConnection(), 'worker-2');
		if (!taken)
			throw new DemoPreconditionError(
				'worker-2 was meant to take a job, but the queue was empty: another run took it first. Press it again.'
			);
		const held = taken.job;
		const afterCrash = await shownState(ctx);

		// Nobody renews worker-2's lease any more: once it lapses, recovery hands its job back.
		await ctx.clock.sleep(Math.max(0, await ctx.redis.pttl(leaseKey('worker-2'))));
		while ((await ctx.redis.exists(leaseKey('worker-2'))) === 1) await ctx.clock.sleep(20);
		const recovered = await recoverDeadWorkers(ctx);
		const afterRecovery = await shownState(ctx);

		const { attempts } = await work(ctx, 'worker-1', sendReceipt(ctx), 10);
		const state = await shownState(ctx);
		const finished = attempts.find((a) => a.job.id === held.id && a.outcome === 'done');
		return {
			outcome: 'recovered',
			result: {
				steps: [
					{
						step: 'worker-2 takes a job (BLMOVE), then is killed',
						job: held.id,
						waiting: afterCrash.waiting,
						'in progress': afterCrash['in progress'],
						done: afterCrash.done
					},
					{
						step: `its lease (${LEASE_MS / 1000} s) lapses; recovery requeues its jobs`,
						job: held.id,
						waiting: afterRecovery.waiting,
						'in progress': afterRecovery['in progress'],
						done: afterRecovery.done
					},
					{
						step: 'worker-1 works until the queue is empty',
						job: held.id,
						waiting: state.waiting,
						'in progress': state['in progress'],
						done: state.done
					}
				],
				recovered: recovered.some((r) => r.jobs > 0)
					? recovered.filter((r) => r.jobs > 0)
					: 'no dead worker held a job',
				attempts: attemptRows(attempts),
				...state
			},
			summary:
				`worker-2 died holding job ${held.id}; recovery moved ${recovered.reduce((n, r) => n + r.jobs, 0)} back; ` +
				`worker-1 ${finished ? `finished it: ${finished.detail}` : 'did not finish it'}`
		};
	}
});
