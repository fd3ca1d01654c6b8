import { COMMAND_TABLE } from './command-table';
import { keyIndexes, type CommandSpec } from './keyspec';

/** A learner's namespace: the hash tag keeps all of their keys in one Cluster slot. */
export const sandboxPrefix = (learnerId: string) => `sbx:{${learnerId}}:`;

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

/** argv with every key argument (found by position) and channel moved into the namespace. */
export function prefixKeys(argv: readonly string[], prefix: string): string[] {
	const out = [...argv];
	for (const i of keyIndexes(commandSpec(argv).spec, argv)) out[i] = prefix + out[i];
	const channel = CHANNEL_POSITIONS[(argv[0] ?? '').toLowerCase()];
	if (channel !== undefined && channel < out.length) out[channel] = prefix + out[channel];
	return out;
}

/** The key arguments of a command line, as the learner wrote them. */
export function keysOf(argv: readonly string[]): string[] {
	return keyIndexes(commandSpec(argv).spec, argv).map((i) => argv[i]!);
}

/** A reply with the namespace removed from every string that starts with it. */
export function stripPrefix<T>(reply: T, prefix: string): T {
	if (typeof reply === 'string') {
		return (reply.startsWith(prefix) ? reply.slice(prefix.length) : reply) as T;
	}
	if (Array.isArray(reply)) return reply.map((item) => stripPrefix(item, prefix)) as T;
	return reply;
}

/** A literal text inside a Redis glob pattern (MATCH). */
export const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');
