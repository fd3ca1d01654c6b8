import type { Redis } from 'ioredis';
import { COMMAND_TABLE } from '../redis/command-table';
import { keysOf } from '../redis/prefix';
import { LIMITS } from './console-policy';
import type { Sandbox } from './sandboxes';

/**
 * The learner's key and memory quota. After a write, the keys it touched are measured with
 * MEMORY USAGE (one pipeline); a command that may grow memory is refused once the learner's
 * keys are over the quota. The write that crosses the line succeeds, so the overshoot is at
 * most one argument (64 KB) or one string limit.
 */
export async function trackWrites(redis: Redis, sandbox: Sandbox, name: string, argv: string[]) {
	if (!COMMAND_TABLE[name]?.flags.includes('write')) return;
	await measure(
		redis,
		sandbox,
		keysOf(argv).map((key) => sandbox.prefix + key)
	);
}

export async function overQuota(redis: Redis, sandbox: Sandbox, name: string): Promise<boolean> {
	if (!COMMAND_TABLE[name]?.flags.includes('denyoom') || !exceeded(sandbox.usage)) return false;
	await measure(redis, sandbox, [...sandbox.usage.keys()]); // keys may have expired or shrunk
	return exceeded(sandbox.usage);
}

function exceeded(usage: Map<string, number>) {
	let bytes = 0;
	for (const size of usage.values()) bytes += size;
	return usage.size > LIMITS.keys || bytes > LIMITS.memoryBytes;
}

async function measure(redis: Redis, sandbox: Sandbox, keys: string[]) {
	if (!keys.length) return;
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.memory('USAGE', key);
	const replies = (await pipeline.exec()) ?? [];
	keys.forEach((key, i) => {
		const bytes = replies[i]?.[1];
		if (typeof bytes === 'number') sandbox.usage.set(key, bytes);
		else sandbox.usage.delete(key);
	});
}
