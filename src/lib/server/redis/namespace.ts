import { COMMAND_TABLE } from './command-table';
import { keyIndexes, type CommandSpec } from './keyspec';

/**
 * A learner's namespace, and the one function that moves a command into it. Every key argument
 * (found by position from the server's own key-specs) and every PUBLISH channel gets the
 * learner's prefix; SCAN is answered from the learner's key index instead of the server's
 * keyspace. Demos, the console, the key inspector and the quota all go through `move`.
 */
export class Namespace {
	/** `sbx:{<id>}:`: the hash tag keeps all of a learner's keys in one Cluster slot. */
	readonly prefix: string;
	/**
	 * The set of the learner's key names, `sbx:{<id>}` (no trailing colon, so no command a
	 * learner sends can name it, and in the same slot). Enumeration reads it, never SCAN MATCH.
	 */
	readonly indexKey: string;

	constructor(readonly learnerId: string) {
		this.prefix = `sbx:{${learnerId}}:`;
		this.indexKey = `sbx:{${learnerId}}`;
	}

	/** The full name of one of the learner's keys. */
	key(name: string): string {
		return this.prefix + name;
	}

	/** What to send for `argv` (argv[0] is the command), and what the sandbox must know of it. */
	move(argv: readonly string[]): Moved {
		const { name, spec } = commandSpec(argv);
		const positions = keyIndexes(spec, argv);
		const out = [...argv];
		for (const i of positions) out[i] = this.prefix + out[i];
		const channel = CHANNEL_POSITIONS[name];
		if (channel !== undefined && channel < out.length) out[channel] = this.prefix + out[channel];
		return {
			name,
			argv: out,
			keys: positions.map((i) => argv[i]!),
			indexed: spec.flags.includes('write') || SCRIPTS.has(name),
			blocks: blocks(name, argv),
			scan: name === 'scan' ? scanOptions(argv) : null
		};
	}

	/** A reply with the namespace removed from every string that starts with it. */
	strip<T>(reply: T): T {
		if (typeof reply === 'string') {
			return (reply.startsWith(this.prefix) ? reply.slice(this.prefix.length) : reply) as T;
		}
		if (Array.isArray(reply)) return reply.map((item) => this.strip(item)) as T;
		return reply;
	}

	/** An error message as the learner should read it (NOGROUP No such key '...' names the key). */
	hide(message: string): string {
		return message.replaceAll(this.prefix, '');
	}
}

export interface Moved {
	/** The command-table name: `xgroup|create` for a subcommand. */
	name: string;
	/** Ready to send: keys and channels in the namespace. */
	argv: string[];
	/** The key arguments as the learner named them. */
	keys: string[];
	/** The command may create keys: `keys` go into the learner's index in the same round trip. */
	indexed: boolean;
	/** It may block the connection (BLMOVE, XREAD ... BLOCK): it needs a connection of its own. */
	blocks: boolean;
	/** SCAN: answered from the learner's key index (see key-index.ts). */
	scan: ScanOptions | null;
}

export interface ScanOptions {
	cursor: string;
	match: string;
	count: number;
	/** Only keys of this type (string, list, set, zset, hash, stream), as SCAN ... TYPE. */
	type: string | null;
}

export class UnknownCommandError extends Error {}

/** The spec of a command line (argv[0] is the command), resolving `OBJECT ENCODING` and the like. */
export function commandSpec(argv: readonly string[]): { name: string; spec: CommandSpec } {
	const command = (argv[0] ?? '').toLowerCase();
	const sub = `${command}|${(argv[1] ?? '').toLowerCase()}`;
	const spec = COMMAND_TABLE[sub] ?? COMMAND_TABLE[command];
	if (!spec) throw new UnknownCommandError(`${command.toUpperCase()} is not a data command`);
	return { name: COMMAND_TABLE[sub] ? sub : command, spec };
}

/** Commands whose channel names live in the namespace too, by argument position. */
const CHANNEL_POSITIONS: Record<string, number> = { publish: 1 };
/** The course's scripts write the keys they are given, though EVALSHA carries no write flag. */
const SCRIPTS = new Set(['evalsha', 'fcall']);

/**
 * Whether a command blocks, from the command table's `blocking` flag. XREAD and XREADGROUP
 * carry the flag but block only with a BLOCK option.
 */
export function blocks(name: string, argv: readonly string[]): boolean {
	if (!COMMAND_TABLE[name]?.flags.includes('blocking')) return false;
	if (name !== 'xread' && name !== 'xreadgroup') return true;
	return argv.some((arg) => arg.toUpperCase() === 'BLOCK');
}

/** A Redis error reply, worded as the server words it. */
export class ReplyError extends Error {}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type], read as Redis reads it. */
function scanOptions(argv: readonly string[]): ScanOptions {
	const options: ScanOptions = { cursor: argv[1] ?? '0', match: '*', count: 10, type: null };
	for (let i = 2; i < argv.length; i += 2) {
		const option = argv[i]!.toUpperCase();
		const value = argv[i + 1];
		if (value === undefined) throw new ReplyError('ERR syntax error');
		if (option === 'MATCH') options.match = value;
		else if (option === 'TYPE') options.type = value.toLowerCase();
		else if (option === 'COUNT') {
			if (!/^\d+$/.test(value)) {
				throw new ReplyError('ERR value is not an integer or out of range');
			}
			if (Number(value) < 1) throw new ReplyError('ERR syntax error');
			options.count = Number(value);
		} else throw new ReplyError('ERR syntax error');
	}
	return options;
}
