import { lockHolder, lockKey, releaseLock } from '../patterns/lock';
import { choice, defineDemo } from './define';
import { RESOURCES, WORKERS, heldBy, tokenOf, workerOf } from './support/locks';

export default defineDemo({
	id: 'lock-release',
	title: 'Release a lock (owner only)',
	button: 'Release',
	pattern: 'lock',
	runs: 'releaseLock',
	inputs: {
		resource: choice('Resource', RESOURCES, 'report'),
		worker: choice('Worker', WORKERS, 'worker-a')
	},
	async run(ctx, { resource, worker }) {
		const held = await ctx.memory.get(heldBy(worker));
		const token = tokenOf(held.get(resource), worker);
		const released = await releaseLock(ctx, { resource, token });
		if (released && held.delete(resource)) await ctx.memory.set(heldBy(worker), held);
		const after = await lockHolder(ctx, resource);
		return {
			outcome: released ? 'released' : 'not-owner',
			result: {
				key: lockKey(resource),
				worker,
				'token sent': token,
				released,
				'holder now': workerOf(after.token)
			},
			summary: released
				? `${worker} released ${lockKey(resource)}`
				: `${worker} does not hold ${lockKey(resource)} (held by ${workerOf(after.token)}): nothing deleted`
		};
	}
});
