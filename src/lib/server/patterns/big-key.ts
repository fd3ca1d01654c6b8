import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

export type Removal = 'DEL' | 'UNLINK';

/** Whether DEL on this server already frees in the background, as UNLINK does ("no" by default). */
export async function delIsLazy(redis: Redis): Promise<boolean> {
	const [, value] = (await redis.config('GET', 'lazyfree-lazy-user-del')) as [string, string];
	return value === 'yes';
}

/**
 * Removes a key and measures how long the caller waited. DEL frees every element before it
 * answers, and no other client is served meanwhile; UNLINK takes the key out of the keyspace
 * and leaves the freeing to a background thread.
 */
export async function timedRemoval(redis: Redis, key: string, how: Removal) {
	const started = performance.now();
	const removed = how === 'DEL' ? await redis.del(key) : await redis.unlink(key);
	return { removed, ms: performance.now() - started };
}

/** The server's own time for its latest logged commands, newest first: the slow log, in µs. */
export async function slowLog(redis: Redis, count: number) {
	const entries = (await redis.slowlog('GET', count)) as [number, number, number, string[]][];
	return entries.map(([, , micros, [command, ...args]]) => ({
		command: command!.toUpperCase(),
		args,
		micros
	}));
}
