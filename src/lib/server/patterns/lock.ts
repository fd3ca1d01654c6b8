import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, runScript } from '../pattern-support';

/** On a Cluster, give both keys one hash tag (`lock:{report}`) so one script can touch them. */
export const lockKey = (resource: string) => `lock:${resource}`;
export const fenceKey = (resource: string) => `lock:${resource}:fence`;

export interface Lock {
	resource: string;
	/** The lock's value: who holds it, and a random part nobody else can guess. */
	token: string;
	/** Grows with every acquisition of this resource; the protected store checks it. */
	fence: number;
}

/**
 * SET NX PX: only if nobody holds it, and with an expiry, so a holder that dies cannot keep it
 * for ever. The fencing token is taken in the same script: taken by a second call, a holder
 * that paused between the two could get a larger number than the holder after it.
 */
const ACQUIRE = defineScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
return redis.call('INCR', KEYS[2])
`);

/** Releases or extends only if the lock still holds this token: compare and act in one step. */
const RELEASE = defineScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

const EXTEND = defineScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`);

/** The lock, or null when somebody (perhaps this worker) holds it already. */
export async function acquireLock(
	{ redis }: PatternContext,
	resource: string,
	worker: string,
	ttlMs: number
): Promise<Lock | null> {
	const token = `${worker}:${randomBytes(8).toString('hex')}`;
	const fence = Number(
		await runScript(redis, ACQUIRE, [lockKey(resource), fenceKey(resource)], [token, ttlMs])
	);
	return fence > 0 ? { resource, token, fence } : null;
}

/** True if this token held the lock and it is now free; false if the lock was not ours. */
export async function releaseLock(
	{ redis }: PatternContext,
	lock: Pick<Lock, 'resource' | 'token'>
) {
	return (await runScript(redis, RELEASE, [lockKey(lock.resource)], [lock.token])) === 1;
}

/** Gives a holder that needs longer a fresh TTL; false if the lock has already gone to another. */
export async function extendLock(
	{ redis }: PatternContext,
	lock: Pick<Lock, 'resource' | 'token'>,
	ttlMs: number
) {
	return (await runScript(redis, EXTEND, [lockKey(lock.resource)], [lock.token, ttlMs])) === 1;
}

/** Who holds the lock (its token, or null) and for how many more ms. */
export async function lockHolder({ redis }: PatternContext, resource: string) {
	const key = lockKey(resource);
	const [token, ttlMs] = await execAll(redis.pipeline().get(key).pttl(key));
	return { token: token as string | null, ttlMs: Number(ttlMs) };
}

/**
 * THE BUG, kept to show it: GET, compare here, then DEL. If the lock expires between the two and
 * another worker takes it, the DEL removes that worker's lock. `pause` stands for whatever can
 * stall a process at that point: a garbage-collection pause, a slow network, a swapped page.
 */
export async function releaseWithGetThenDel(
	{ redis }: PatternContext,
	lock: Pick<Lock, 'resource' | 'token'>,
	pause?: () => Promise<void>
) {
	if ((await redis.get(lockKey(lock.resource))) !== lock.token) return false;
	await pause?.();
	return (await redis.del(lockKey(lock.resource))) === 1;
}

/**
 * The protected store checks the fencing token, not Redis: a write whose token is not greater
 * than the last it accepted comes from a holder whose lock has expired, or from a counter that a
 * failover or restart set back, and changes nothing. The check and the write are one statement.
 */
export async function fencedWrite(
	{ db }: PatternContext,
	resource: string,
	fence: number,
	body: string
): Promise<boolean> {
	const [, changed] = await db.transaction([
		[
			'CREATE TABLE IF NOT EXISTS reports (resource TEXT PRIMARY KEY, body TEXT NOT NULL, fence INTEGER NOT NULL)'
		],
		[
			`INSERT INTO reports (resource, body, fence) VALUES (?, ?, ?)
			ON CONFLICT (resource) DO UPDATE SET body = excluded.body, fence = excluded.fence
			WHERE excluded.fence > reports.fence`,
			resource,
			body,
			fence
		]
	]);
	return changed === 1;
}
