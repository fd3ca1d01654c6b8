import { lockHolder, lockKey, releaseLock, type Lock } from '../patterns/lock';
import { choice, defineDemo } from './define';
import { RESOURCES, WORKERS, heldKey, workerOf } from './lock-acquire';

export default defineDemo({
	id: 'lock-release',
	title: 'Release a lock (owner only)',
	button: 'Release',
	pattern: 'lock',
	inputs: {
		resource: choice('Resource', RESOURCES, 'report'),
		worker: choice('Worker', WORKERS, 'worker-a')
	},
	async run(ctx, { resource, worker }) {
		const held = ctx.memory.get(heldKey(resource, worker)) as Lock | undefined;
		// A worker that never acquired the lock still sends its own token: one that cannot match.
		const token = held?.token ?? `${worker}:never-acquired`;
		const released = await releaseLock(ctx, { resource, token });
		if (released) ctx.memory.delete(heldKey(resource, worker));
		const after = await lockHolder(ctx, resource);
		return {
			outcome: released ? 'released' : 'not-owner',
			result: {
				key: lockKey(resource),
				worker,
				tokenSent: token,
				released,
				holderNow: workerOf(after.token)
			},
			summary: released
				? `${worker} released ${lockKey(resource)}`
				: `${worker} does not hold ${lockKey(resource)} (held by ${workerOf(after.token)}): nothing deleted`
		};
	}
});
