import type * as Locks from '$lib/server/demos/support/locks';
import type * as LockModule from '$lib/server/patterns/lock';
import type { Exports } from '../compile';
import { asPattern, choice, exported, integer, type Harness } from './define';

const ENTRY = 'patterns/lock.ts';
const SUPPORT = 'demos/support/locks.ts';
const support = (load: (path: string) => Exports) => load(SUPPORT) as typeof Locks;
const lock = (mod: Exports, ...names: (keyof typeof LockModule & string)[]) =>
	exported<typeof LockModule>(mod, ENTRY, ...names);

/** demos/lock-acquire.ts */
export const lockAcquire: Harness = {
	entry: ENTRY,
	uses: [SUPPORT],
	async run(mod, editorCtx, fields, load) {
		const { acquireLock, lockHolder, lockKey } = lock(mod, 'acquireLock', 'lockHolder', 'lockKey');
		const { RESOURCES, WORKERS, heldBy, workerOf } = support(load);
		const ctx = asPattern(editorCtx);
		const resource = choice(fields, 'resource', RESOURCES);
		const worker = choice(fields, 'worker', WORKERS);
		const ttl = integer(fields, 'ttl');
		const acquired = await acquireLock(ctx, resource, worker, ttl * 1000);
		if (acquired) {
			const held = await ctx.memory.get(heldBy(worker));
			await ctx.memory.set(heldBy(worker), held.set(resource, acquired));
			return {
				outcome: 'acquired',
				result: {
					key: lockKey(resource),
					holder: worker,
					token: acquired.token,
					fence: acquired.fence,
					'TTL (s)': ttl
				},
				summary: `${worker} holds ${lockKey(resource)} for ${ttl} s, fencing token ${acquired.fence}`
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
};

/**
 * demos/lock-release.ts. The worker's memory lasts one run here, so a worker releases with the
 * token it would send having never acquired (as the demo does after a restart of its server).
 */
export const lockRelease: Harness = {
	entry: ENTRY,
	uses: [SUPPORT],
	async run(mod, editorCtx, fields, load) {
		const { lockHolder, lockKey, releaseLock } = lock(mod, 'lockHolder', 'lockKey', 'releaseLock');
		const { RESOURCES, WORKERS, heldBy, tokenOf, workerOf } = support(load);
		const ctx = asPattern(editorCtx);
		const resource = choice(fields, 'resource', RESOURCES);
		const worker = choice(fields, 'worker', WORKERS);
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
};
