import type { PatternContext } from '../../pattern-support';
import { defineScript, runScript } from '../../pattern-support';

/**
 * Compare and delete in one step: Redis runs a script from start to end with no other command
 * in between, so the lock cannot change hands between the GET and the DEL. The same script as
 * the course's lock (patterns/lock.ts), so the same SHA1.
 */
const RELEASE = defineScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/**
 * Frees the lock at `key` if it still holds this worker's `token`: true if it did and the lock
 * is now free, false if the lock was not ours.
 */
export async function releaseLock({ redis }: PatternContext, key: string, token: string) {
	return (await runScript(redis, RELEASE, [key], [token])) === 1;
}
