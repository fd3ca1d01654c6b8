import { acquireLock, lockHolder, lockKey } from '../patterns/lock';
import { choice, defineDemo, integer } from './define';
import { RESOURCES, WORKERS, heldBy, workerOf } from './support/locks';

export default defineDemo({
	id: 'lock-acquire',
	title: 'Acquire a lock',
	button: 'Acquire',
	pattern: 'lock',
	runs: 'acquireLock',
	inputs: {
		resource: choice('Resource', RESOURCES, 'report'),
		worker: choice('Worker', WORKERS, 'worker-a'),
		ttl: integer('TTL (s)', 1, 120, 30)
	},
	async run(ctx, { resource, worker, ttl }) {
		const lock = await acquireLock(ctx, resource, worker, ttl * 1000);
		if (lock) {
			const held = await ctx.memory.get(heldBy(worker));
			await ctx.memory.set(heldBy(worker), held.set(resource, lock));
			return {
				outcome: 'acquired',
				result: {
					key: lockKey(resource),
					holder: worker,
					token: lock.token,
					fence: lock.fence,
					'TTL (s)': ttl
				},
				summary: `${worker} holds ${lockKey(resource)} for ${ttl} s, fencing token ${lock.fence}`
			};
		}
		const holder = await lockHolder(ctx, resource);
		const mine = (await ctx.memory.get(heldBy(worker))).get(resource)?.token === holder.token;
		return {
			outcome: 'held',
			result: {
				key: lockKey(resource),
				holder: workerOf(holder.token),
				token: holder.token,
				'expires in (ms)': holder.ttlMs
			},
			summary: mine
				? `${worker} already holds ${lockKey(resource)}: SET NX refuses even its holder (extend instead)`
				: `${lockKey(resource)} is held by ${workerOf(holder.token)} for ${Math.ceil(holder.ttlMs / 1000)} s more`
		};
	}
});
