import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script of the course's own, run by its SHA1 so only the digest travels each time. */
export interface LuaScript {
	source: string;
	sha: string;
}

export const defineScript = (source: string): LuaScript => ({
	source,
	sha: createHash('sha1').update(source).digest('hex')
});

/**
 * EVALSHA with the keys the script touches passed as KEYS (so Redis, and a Cluster, know them);
 * if the server has not seen the script yet (NOSCRIPT, e.g. after a restart), load it once and
 * run it again.
 */
export async function runScript(
	redis: Redis,
	script: LuaScript,
	keys: string[],
	args: (string | number)[]
): Promise<unknown> {
	try {
		return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
	} catch (error) {
		if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
		await redis.script('LOAD', script.source);
		return redis.evalsha(script.sha, keys.length, ...keys, ...args);
	}
}
