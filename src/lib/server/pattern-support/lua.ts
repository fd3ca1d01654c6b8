import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script of the course's own, run by its SHA1 so only the digest travels each time. */
export interface LuaScript {
	source: string;
	sha: string;
}

const defined = new Map<string, LuaScript>();

export function defineScript(source: string): LuaScript {
	const script = { source, sha: createHash('sha1').update(source).digest('hex') };
	defined.set(script.sha, script);
	return script;
}

/** Every script defined so far, by SHA1 (course-scripts.ts says which a learner may run). */
export const definedScripts = (): ReadonlyMap<string, LuaScript> => defined;

/**
 * EVALSHA with the keys the script touches passed as KEYS (so Redis, and a Cluster, know them);
 * if the server has not seen the script yet (NOSCRIPT, e.g. after a restart), load it once and
 * run it again. On a Cluster, SCRIPT LOAD has no key and may reach another node than the keys'
 * owner: then the script runs by its source (EVAL), which caches it on the right node too.
 */
export async function runScript(
	redis: Redis | Cluster,
	script: LuaScript,
	keys: string[],
	args: (string | number)[]
): Promise<unknown> {
	const run = () => redis.evalsha(script.sha, keys.length, ...keys, ...args);
	try {
		return await run();
	} catch (error) {
		if (!isNoScript(error)) throw error;
	}
	await redis.script('LOAD', script.source);
	try {
		return await run();
	} catch (error) {
		if (!isNoScript(error)) throw error;
		return redis.eval(script.source, keys.length, ...keys, ...args);
	}
}

const isNoScript = (error: unknown) => (error as Error).message.startsWith('NOSCRIPT');
