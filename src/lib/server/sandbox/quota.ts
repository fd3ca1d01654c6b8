import type { Redis } from 'ioredis';
import { execAll } from '../pattern-support';
import { COMMAND_TABLE } from '../redis/command-table';
import { indexedKeys } from '../redis/key-index';
import type { Moved } from '../redis/namespace';
import { LIMITS } from './console-policy';
import type { Sandbox } from './sandboxes';

/**
 * The learner's key and memory quota. After a write, the keys it touched are measured with
 * MEMORY USAGE (one pipeline); a command that may grow memory is refused once the learner's
 * keys are over the quota. The write that crosses the line succeeds, so the overshoot is at
 * most one argument (64 KB) or one string limit.
 */
export async function trackWrites(redis: Redis, sandbox: Sandbox, { name, keys }: Moved) {
	if (!COMMAND_TABLE[name]?.flags.includes('write')) return;
	await measure(
		redis,
		sandbox,
		keys.map((key) => sandbox.ns.key(key))
	);
}

export async function overQuota(redis: Redis, sandbox: Sandbox, name: string): Promise<boolean> {
	if (!COMMAND_TABLE[name]?.flags.includes('denyoom') || !exceeded(sandbox)) return false;
	await measure(redis, sandbox, [...sandbox.usage.keys()]); // keys may have expired or shrunk
	if (sandbox.indexSize > INDEX_LIMIT) {
		// Names of keys that expired stay in the index until a walk finds them gone.
		sandbox.indexSize = (await indexedKeys(redis, sandbox.ns)).length;
	}
	return exceeded(sandbox);
}

/** The index keeps names until it finds their keys gone: twice the key quota before a walk. */
const INDEX_LIMIT = LIMITS.keys * 2;

function exceeded({ usage, indexSize }: Sandbox) {
	let bytes = 0;
	for (const size of usage.values()) bytes += size;
	return usage.size > LIMITS.keys || bytes > LIMITS.memoryBytes || indexSize > INDEX_LIMIT;
}

async function measure(redis: Redis, sandbox: Sandbox, keys: string[]) {
	if (!keys.length) return;
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.memory('USAGE', key);
	pipeline.scard(sandbox.ns.indexKey);
	const replies = await execAll(pipeline); // a key that is gone answers null, not an error
	keys.forEach((key, i) => {
		const bytes = replies[i];
		if (typeof bytes === 'number') sandbox.usage.set(key, bytes);
		else sandbox.usage.delete(key);
	});
	sandbox.indexSize = Number(replies.at(-1) ?? 0);
}
