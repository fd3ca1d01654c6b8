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
 * keys are over the quota. In the console the write that crosses the line succeeds, so the
 * overshoot is at most one argument (64 KB) or one string limit; a batch of the command channel
 * is admitted whole beforehand (admitBatch), each command's possible growth added up.
 * A course script (EVALSHA) is a write that may grow memory: its KEYS are measured afterwards.
 */
export async function trackWrites(redis: Redis, sandbox: Sandbox, { name, keys }: Moved) {
	if (!COMMAND_TABLE[name]?.flags.includes('write') && name !== 'evalsha') return;
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

/** A command of a batch as admitBatch weighs it: its name, the argv sent, its moved keys. */
export interface Weighed {
	name: string;
	argv: readonly string[];
	keys: readonly string[];
}

/**
 * Which commands of a batch are refused by the quota, before any is sent: each command that may
 * grow memory adds its possible growth (its arguments' bytes, the string that SETRANGE, SETBIT
 * or BITFIELD addresses, a key's overhead) and the keys it may create; a command that would take
 * the learner past the quota is refused, and the rest of the batch still runs. The tracked keys
 * are measured at most once per batch.
 */
export async function admitBatch(
	redis: Redis,
	sandbox: Sandbox,
	commands: readonly Weighed[]
): Promise<boolean[]> {
	const growing = commands.map(({ name }) => grows(name));
	if (!growing.includes(true)) return commands.map(() => true);
	if (exceeded(sandbox)) {
		await measure(redis, sandbox, [...sandbox.usage.keys()]); // keys may have expired or shrunk
		if (sandbox.indexSize > INDEX_LIMIT) {
			sandbox.indexSize = (await indexedKeys(redis, sandbox.ns)).length;
		}
	}
	let bytes = usedBytes(sandbox);
	const keys = new Set(sandbox.usage.keys());
	const over = () =>
		keys.size > LIMITS.keys || bytes > LIMITS.memoryBytes || sandbox.indexSize > INDEX_LIMIT;
	return commands.map((command, i) => {
		if (!growing[i]) return true;
		const added = command.keys.map((key) => sandbox.ns.key(key)).filter((key) => !keys.has(key));
		const growth = possibleGrowth(command) + added.length * KEY_OVERHEAD;
		if (over() || bytes + growth > LIMITS.memoryBytes || keys.size + added.length > LIMITS.keys)
			return false;
		bytes += growth;
		for (const key of added) keys.add(key);
		return true;
	});
}

/** What a key costs beyond its value (MEMORY USAGE of a one-byte string is 56 bytes). */
const KEY_OVERHEAD = 64;

/** A course script may write any of its keys: it grows memory like a denyoom command. */
const grows = (name: string) =>
	name === 'evalsha' || (COMMAND_TABLE[name]?.flags.includes('denyoom') ?? false);

/**
 * The most a command may add: its arguments' bytes, or for SETRANGE, SETBIT and BITFIELD the
 * string they address, a quarter more for the allocator (a 512 KB SETRANGE measures 640 KB).
 */
function possibleGrowth({ name, argv }: Weighed): number {
	const args = argv.slice(1).reduce((sum, arg) => sum + Buffer.byteLength(arg), 0);
	const int = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : 0);
	let end = 0;
	if (name === 'setrange') end = int(argv[2]) + Buffer.byteLength(argv[3] ?? '');
	else if (name === 'setbit') end = Math.floor(int(argv[2]) / 8) + 1;
	else if (name === 'bitfield' || name === 'bitfield_ro') {
		for (let i = 2; i < argv.length - 2; i++) {
			if (!['SET', 'INCRBY'].includes(argv[i]!.toUpperCase())) continue;
			const width = int(argv[i + 1]?.slice(1));
			const offset = argv[i + 2]!;
			const bits = offset.startsWith('#') ? int(offset.slice(1)) * width : int(offset);
			end = Math.max(end, Math.ceil((bits + width) / 8));
		}
	}
	return Math.max(args, end + Math.ceil(end / 4));
}

/** The index keeps names until it finds their keys gone: twice the key quota before a walk. */
const INDEX_LIMIT = LIMITS.keys * 2;

function usedBytes({ usage }: Sandbox) {
	let bytes = 0;
	for (const size of usage.values()) bytes += size;
	return bytes;
}

function exceeded(sandbox: Sandbox) {
	const { usage, indexSize } = sandbox;
	return (
		usage.size > LIMITS.keys || usedBytes(sandbox) > LIMITS.memoryBytes || indexSize > INDEX_LIMIT
	);
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
