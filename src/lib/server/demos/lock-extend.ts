import { extendLock, lockHolder, lockKey } from '../patterns/lock';
import { choice, defineDemo, integer } from './define';
import { RESOURCES, WORKERS, heldBy, tokenOf, workerOf } from './support/locks';

export default defineDemo({
	id: 'lock-extend',
	title: 'Extend a lock you hold',
	button: 'Extend',
	pattern: 'lock',
	runs: 'extendLock',
	inputs: {
		resource: choice('Resource', RESOURCES, 'report'),
		worker: choice('Worker', WORKERS, 'worker-a'),
		ttl: integer('TTL (s)', 1, 120, 30)
	},
	async run(ctx, { resource, worker, ttl }) {
		const token = tokenOf((await ctx.memory.get(heldBy(worker))).get(resource), worker);
		const extended = await extendLock(ctx, { resource, token }, ttl * 1000);
		const after = await lockHolder(ctx, resource);
		return {
			outcome: extended ? 'acquired' : 'not-owner',
			result: {
				key: lockKey(resource),
				worker,
				extended,
				'holder now': workerOf(after.token),
				'expires in (ms)': after.ttlMs
			},
			summary: extended
				? `${worker} still holds ${lockKey(resource)}, now for ${ttl} s`
				: after.token === null
					? `${worker} does not hold ${lockKey(resource)}: nobody does (it expired or was released); acquire it again`
					: `${worker} does not hold ${lockKey(resource)}: another worker does, and its TTL is unchanged`
		};
	}
});
