import type { PatternContext } from '../pattern-support';
import type { DemoContext } from '../sandbox/sandboxes';
import {
	acquireLock,
	fencedWrite,
	lockHolder,
	lockKey,
	releaseLock,
	releaseWithGetThenDel,
	type Lock
} from '../patterns/lock';
import { DemoPreconditionError, defineDemo } from './define';
import { workerOf } from './support/locks';

/** worker-a's lock: short, so that it runs out while worker-a is paused. */
const SHORT_TTL_MS = 300;
const TTL_MS = 5000;

/** worker-a stalls (a long GC pause, say) until its lock has expired: seen from Redis. */
async function pauseUntilExpired({ redis, clock }: PatternContext, resource: string) {
	await clock.sleep(Math.max(0, (await redis.pttl(lockKey(resource))) + 5));
	while ((await redis.exists(lockKey(resource))) === 1) await clock.sleep(10);
}

async function mustAcquire(ctx: PatternContext, resource: string, worker: string, ttlMs: number) {
	const lock = await acquireLock(ctx, resource, worker, ttlMs);
	if (!lock)
		throw new DemoPreconditionError(
			`${lockKey(resource)} is still held from a previous run; try again in a few seconds.`
		);
	return lock;
}

const took = (lock: Lock | null) => (lock ? `acquired, fence ${lock.fence}` : 'refused: held');

/** The same story twice: worker-a releases late, once with GET then DEL, once with the script. */
async function releaseStory(ctx: DemoContext, variant: 'get-then-del' | 'lua') {
	const resource = `race:${variant}`;
	// Each worker's commands are labelled with its name in the trace.
	const [wa, wb, wc] = ['worker-a', 'worker-b', 'worker-c'].map((w) => ctx.actor(w)) as [
		PatternContext,
		PatternContext,
		PatternContext
	];
	const a = await mustAcquire(wa, resource, 'worker-a', SHORT_TTL_MS);
	let b: Lock | null = null;
	const pauseThenB = async () => {
		await pauseUntilExpired(wa, resource);
		b = await acquireLock(wb, resource, 'worker-b', TTL_MS);
	};
	let released: boolean;
	if (variant === 'get-then-del') {
		released = await releaseWithGetThenDel(wa, a, pauseThenB);
	} else {
		await pauseThenB();
		released = await releaseLock(wa, a);
	}
	const holder = workerOf((await lockHolder(ctx, resource)).token);
	const c = await acquireLock(wc, resource, 'worker-c', TTL_MS);
	const bReleased = b ? await releaseLock(wb, b) : false;
	if (c) await releaseLock(wc, c);
	return {
		a,
		b: b as Lock | null,
		c,
		released,
		holder,
		steps: [
			took(a),
			variant === 'get-then-del'
				? 'GET: its own token, so it goes on'
				: 'nothing yet: the check is in the script',
			'expired',
			took(b),
			variant === 'get-then-del'
				? `DEL: ${released ? "deleted worker-b's lock" : 'deleted nothing'}`
				: `script: ${released ? 'deleted' : 'not the owner, deleted nothing'}`,
			holder,
			c ? 'acquired: worker-b and worker-c both hold it' : `refused: held by ${holder}`,
			bReleased ? 'released' : 'not-owner: its lock was already gone'
		]
	};
}

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

export default defineDemo({
	id: 'lock-race',
	title: 'Two workers: GET then DEL versus the script, and a fencing token',
	button: 'Run the race',
	pattern: 'lock',
	runs: 'releaseWithGetThenDel',
	inputs: {},
	async run(ctx) {
		const naive = await releaseStory(ctx, 'get-then-del');
		const safe = await releaseStory(ctx, 'lua');

		// Fencing: worker-a pauses before it writes; by the time it does, worker-b holds the lock.
		const resource = 'race:report';
		const [wa, wb] = [ctx.actor('worker-a'), ctx.actor('worker-b')];
		const a = await mustAcquire(wa, resource, 'worker-a', SHORT_TTL_MS);
		await pauseUntilExpired(wa, resource);
		const b = await mustAcquire(wb, resource, 'worker-b', TTL_MS);
		const bWrote = await fencedWrite(wb, resource, b.fence, 'written by worker-b');
		const aWrote = await fencedWrite(wa, resource, a.fence, 'written by worker-a');
		await releaseLock(wb, b);
		const report = await ctx.db.get<{ body: string; fence: number }>(
			'SELECT body, fence FROM reports WHERE resource = ?',
			resource
		);

		return {
			outcome: 'not-owner',
			result: {
				release: STEPS.map((step, i) => ({
					step,
					'GET then DEL': naive.steps[i]!,
					'Lua compare-and-delete': safe.steps[i]!
				})),
				fencing: [
					{
						step: `acquires (TTL ${SHORT_TTL_MS} ms)`,
						worker: 'worker-a',
						fence: a.fence,
						result: 'acquired'
					},
					{
						step: 'pauses before writing; its lock runs out',
						worker: 'worker-a',
						fence: a.fence,
						result: 'expired'
					},
					{ step: 'acquires', worker: 'worker-b', fence: b.fence, result: 'acquired' },
					{
						step: 'writes the report',
						worker: 'worker-b',
						fence: b.fence,
						result: bWrote ? 'accepted' : 'rejected'
					},
					{
						step: 'wakes up and writes the report',
						worker: 'worker-a',
						fence: a.fence,
						result: aWrote ? 'accepted' : `rejected: ${a.fence} < ${b.fence}`
					}
				],
				report: report ? [{ resource, ...report }] : 'no row'
			},
			summary:
				`GET then DEL ${naive.released ? "deleted worker-b's lock" : 'deleted nothing'}; ` +
				`the script ${safe.released ? 'deleted it too' : 'refused worker-a (not the owner)'}; ` +
				`the stale write with fence ${a.fence} was ${aWrote ? 'accepted' : 'rejected'}`
		};
	}
});
