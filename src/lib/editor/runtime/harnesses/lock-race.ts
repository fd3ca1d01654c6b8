import type { PatternContext } from '$lib/server/pattern-support/context';
import type * as Locks from '$lib/server/demos/support/locks';
import type * as LockModule from '$lib/server/patterns/lock';
import type { Lock } from '$lib/server/patterns/lock';
import { asPattern, exported, type Harness } from './define';

type L = typeof LockModule;
const ENTRY = 'patterns/lock.ts';
const SHORT_TTL_MS = 300;
const TTL_MS = 5000;

const STEPS = [
	`worker-a acquires (TTL ${SHORT_TTL_MS} ms)`,
	'worker-a starts its release',
	'worker-a pauses; its lock runs out',
	'worker-b acquires',
	'worker-a resumes its release',
	'the lock is now held by',
	'worker-c acquires',
	'worker-b releases (with the script)'
];

/** demos/lock-race.ts: GET then DEL versus the script, then a fencing token, with the learner's lock.ts. */
export const lockRace: Harness = {
	entry: ENTRY,
	uses: ['demos/support/locks.ts'],
	async run(mod, editorCtx, _fields, load) {
		const lock = exported<L>(
			mod,
			ENTRY,
			'acquireLock',
			'fencedWrite',
			'lockHolder',
			'lockKey',
			'releaseLock',
			'releaseWithGetThenDel'
		);
		const { workerOf } = load('demos/support/locks.ts') as typeof Locks;
		const ctx = asPattern(editorCtx);
		const actor = (name: string) => asPattern(editorCtx.actor(name));

		const pauseUntilExpired = async ({ redis, clock }: PatternContext, resource: string) => {
			await clock.sleep(Math.max(0, (await redis.pttl(lock.lockKey(resource))) + 5));
			while ((await redis.exists(lock.lockKey(resource))) === 1) await clock.sleep(10);
		};
		const mustAcquire = async (
			c: PatternContext,
			resource: string,
			worker: string,
			ttlMs: number
		) => {
			const held = await lock.acquireLock(c, resource, worker, ttlMs);
			if (!held)
				throw new Error(
					`${lock.lockKey(resource)} is still held from a previous run; try again in a few seconds.`
				);
			return held;
		};
		const took = (held: Lock | null) => (held ? `acquired, fence ${held.fence}` : 'refused: held');

		async function story(variant: 'get-then-del' | 'lua') {
			const resource = `race:${variant}`;
			const [wa, wb, wc] = [actor('worker-a'), actor('worker-b'), actor('worker-c')];
			const a = await mustAcquire(wa, resource, 'worker-a', SHORT_TTL_MS);
			let b: Lock | null = null;
			const pauseThenB = async () => {
				await pauseUntilExpired(wa, resource);
				b = await lock.acquireLock(wb, resource, 'worker-b', TTL_MS);
			};
			let released: boolean;
			if (variant === 'get-then-del')
				released = await lock.releaseWithGetThenDel(wa, a, pauseThenB);
			else {
				await pauseThenB();
				released = await lock.releaseLock(wa, a);
			}
			const holder = workerOf((await lock.lockHolder(ctx, resource)).token);
			const c = await lock.acquireLock(wc, resource, 'worker-c', TTL_MS);
			const heldB = b as Lock | null;
			const bReleased = heldB ? await lock.releaseLock(wb, heldB) : false;
			if (c) await lock.releaseLock(wc, c);
			const naive = variant === 'get-then-del';
			return {
				released,
				steps: [
					took(a),
					naive ? 'GET: its own token, so it goes on' : 'nothing yet: the check is in the script',
					'expired',
					took(heldB),
					naive
						? `DEL: ${released ? "deleted worker-b's lock" : 'deleted nothing'}`
						: `script: ${released ? 'deleted' : 'not the owner, deleted nothing'}`,
					holder,
					c ? 'acquired: worker-b and worker-c both hold it' : `refused: held by ${holder}`,
					bReleased ? 'released' : 'not-owner: its lock was already gone'
				]
			};
		}

		const naive = await story('get-then-del');
		const safe = await story('lua');
		const resource = 'race:report';
		const [wa, wb] = [actor('worker-a'), actor('worker-b')];
		const a = await mustAcquire(wa, resource, 'worker-a', SHORT_TTL_MS);
		await pauseUntilExpired(wa, resource);
		const b = await mustAcquire(wb, resource, 'worker-b', TTL_MS);
		const bWrote = await lock.fencedWrite(wb, resource, b.fence, 'written by worker-b');
		const aWrote = await lock.fencedWrite(wa, resource, a.fence, 'written by worker-a');
		await lock.releaseLock(wb, b);
		const report = await ctx.db.get<{ body: string; fence: number }>(
			'SELECT body, fence FROM reports WHERE resource = ?',
			resource
		);
		const row = (step: string, worker: string, fence: number, result: string) => ({
			step,
			worker,
			fence,
			result
		});
		return {
			outcome: 'not-owner',
			result: {
				release: STEPS.map((step, i) => ({
					step,
					'GET then DEL': naive.steps[i]!,
					'Lua compare-and-delete': safe.steps[i]!
				})),
				fencing: [
					row(`acquires (TTL ${SHORT_TTL_MS} ms)`, 'worker-a', a.fence, 'acquired'),
					row('pauses before writing; its lock runs out', 'worker-a', a.fence, 'expired'),
					row('acquires', 'worker-b', b.fence, 'acquired'),
					row('writes the report', 'worker-b', b.fence, bWrote ? 'accepted' : 'rejected'),
					row(
						'wakes up and writes the report',
						'worker-a',
						a.fence,
						aWrote ? 'accepted' : `rejected: ${a.fence} < ${b.fence}`
					)
				],
				report: report ? [{ resource, ...report }] : 'no row'
			},
			summary:
				`GET then DEL ${naive.released ? "deleted worker-b's lock" : 'deleted nothing'}; ` +
				`the script ${safe.released ? 'deleted it too' : 'refused worker-a (not the owner)'}; ` +
				`the stale write with fence ${a.fence} was ${aWrote ? 'accepted' : 'rejected'}`
		};
	}
};
