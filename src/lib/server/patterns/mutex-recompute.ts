import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { defineScript, runScript } from '../pattern-support';
import { extendLock, lockKey, releaseLock } from './lock';

export const TTL_SECONDS = 60;
/** Short, because it is renewed while the load runs: a holder that dies blocks the key this long. */
export const LOCK_TTL_MS = 1_000;
const RENEW_EVERY_MS = LOCK_TTL_MS / 3;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 100;
/** A waiter gives up after this long rather than hang: longer than a takeover after a crash. */
export const MAX_WAIT_MS = 3_000;

/**
 * One round trip, atomic: the cached value; or, if there is none and nobody holds the lock,
 * the lock. A holder writes the value before it lets the lock go, so a free lock next to an
 * empty key means the last load failed or its holder died: then this request takes over.
 */
const READ_OR_LOCK = defineScript(`
local value = redis.call('GET', KEYS[1])
if value then return {'value', value} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'lock'} end
return {'wait'}
`);

export interface MutexRead<T> {
	value: T;
	source: 'cache' | 'db';
	/** ms this request spent waiting for another request's load. */
	waitedMs: number;
}

/**
 * Cache-aside with a distributed lock around the load: of all the requests that miss, on any
 * app server, one loads; the others poll the cache, backing off, until the value is there.
 */
export async function readWithMutex<T>(
	ctx: PatternContext,
	key: string,
	load: () => Promise<T>
): Promise<MutexRead<T>> {
	const { redis, clock } = ctx;
	const token = randomBytes(8).toString('hex');
	const started = clock.now();
	let waitedMs = 0;
	for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(1.5 * pollMs, MAX_POLL_MS)) {
		const [state, cached] = (await runScript(
			redis,
			READ_OR_LOCK,
			[key, lockKey(key)],
			[token, LOCK_TTL_MS]
		)) as [string, string?];
		if (state === 'value') return { value: JSON.parse(cached!) as T, source: 'cache', waitedMs };
		if (state === 'lock') {
			return { value: await loadHoldingLock(ctx, key, token, load), source: 'db', waitedMs };
		}
		if (waitedMs + pollMs > MAX_WAIT_MS) {
			throw new Error(`gave up waiting for ${key} after ${MAX_WAIT_MS} ms`);
		}
		await clock.sleep(pollMs);
		waitedMs = clock.now() - started;
	}
}

/** Loads and caches the value, renewing the lock (a lease) until the load ends, then releases it. */
async function loadHoldingLock<T>(
	ctx: PatternContext,
	key: string,
	token: string,
	load: () => Promise<T>
): Promise<T> {
	const lock = { resource: key, token };
	let loading = true;
	void (async () => {
		while (loading) {
			await ctx.clock.sleep(RENEW_EVERY_MS);
			if (!loading || !(await extendLock(ctx, lock, LOCK_TTL_MS))) return;
		}
	})().catch(() => {
		// Redis is out of reach, so the lease lapses: after LOCK_TTL_MS a waiter takes over.
	});
	try {
		const value = await load();
		await ctx.redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
		return value;
	} finally {
		loading = false;
		await releaseLock(ctx, lock);
	}
}
