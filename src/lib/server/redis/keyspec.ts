/**
 * Where the keys of a command are, in the shape of Redis 7's key-specs (COMMAND INFO), and the
 * one function that finds them in a list of arguments. Positions count from the command name
 * (argv[0]) as Redis does.
 */
export type BeginSearch = { index: number } | { keyword: string; startFrom: number } | 'unknown';
export type FindKeys =
	| { range: { lastKey: number; step: number; limit: number } }
	| { keynum: { index: number; firstKey: number; step: number } }
	| 'unknown';
export interface KeySpec {
	begin: BeginSearch;
	find: FindKeys;
}
export interface CommandSpec {
	arity: number;
	/** The flags the sandbox acts on: write, denyoom (may grow memory), blocking. */
	flags: string[];
	keySpecs: KeySpec[];
	/** One line from COMMAND DOCS, for the console's `help`. */
	summary: string;
}

const KEPT_FLAGS = new Set(['write', 'denyoom', 'blocking']);

export class KeyPositionError extends Error {}

/**
 * The indexes in `argv` (argv[0] is the command name) that hold key names.
 * Follows the algorithm of Redis's getKeysUsingKeySpecs; throws KeyPositionError when the
 * arguments do not allow the keys to be found (a malformed numkeys, for instance).
 */
export function keyIndexes(spec: CommandSpec, argv: readonly string[]): number[] {
	const argc = argv.length;
	const found = new Set<number>();
	for (const { begin, find } of spec.keySpecs) {
		if (begin === 'unknown' || find === 'unknown') {
			throw new KeyPositionError('the keys of this command cannot be located from its arguments');
		}
		let first: number;
		if ('index' in begin) {
			first = begin.index;
		} else {
			const at = findKeyword(argv, begin.keyword, begin.startFrom);
			if (at < 0) continue; // the optional keyword is absent: no keys from this spec
			first = at + 1;
		}
		if (first >= argc) continue;
		let last: number;
		let step: number;
		if ('range' in find) {
			const { lastKey, limit } = find.range;
			step = find.range.step;
			if (lastKey >= 0) last = first + lastKey;
			else if (!limit) last = argc + lastKey;
			else last = first + (Math.floor((argc - first) / limit) + lastKey);
		} else {
			step = find.keynum.step;
			const raw = argv[first + find.keynum.index];
			const count = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
			if (!Number.isSafeInteger(count)) {
				throw new KeyPositionError('the number of keys must be a non-negative integer');
			}
			first += find.keynum.firstKey;
			last = first + count - 1;
		}
		for (let i = first; i <= last; i += step) {
			if (i >= argc) throw new KeyPositionError('fewer keys than the command says');
			found.add(i);
		}
	}
	return [...found].sort((a, b) => a - b);
}

function findKeyword(argv: readonly string[], keyword: string, startFrom: number): number {
	const wanted = keyword.toUpperCase();
	if (startFrom >= 0) {
		for (let i = startFrom; i < argv.length; i++) if (argv[i]?.toUpperCase() === wanted) return i;
	} else {
		for (let i = argv.length + startFrom; i > 0; i--)
			if (argv[i]?.toUpperCase() === wanted) return i;
	}
	return -1;
}

type Raw = unknown[];
const pairs = (flat: Raw): Record<string, unknown> => {
	const out: Record<string, unknown> = {};
	for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
	return out;
};

/** Turns one key-spec of a COMMAND INFO reply (RESP2 flat lists) into a KeySpec. */
export function keySpecFromCommandInfo(raw: Raw): KeySpec {
	const spec = pairs(raw);
	const begin = pairs(spec.begin_search as Raw);
	const find = pairs(spec.find_keys as Raw);
	const b = pairs(begin.spec as Raw);
	const f = pairs(find.spec as Raw);
	return {
		begin:
			begin.type === 'index'
				? { index: Number(b.index) }
				: begin.type === 'keyword'
					? { keyword: String(b.keyword), startFrom: Number(b.startfrom) }
					: 'unknown',
		find:
			find.type === 'range'
				? {
						range: { lastKey: Number(f.lastkey), step: Number(f.keystep), limit: Number(f.limit) }
					}
				: find.type === 'keynum'
					? {
							keynum: {
								index: Number(f.keynumidx),
								firstKey: Number(f.firstkey),
								step: Number(f.keystep)
							}
						}
					: 'unknown'
	};
}

/** Turns one command entry of COMMAND INFO into [name, CommandSpec] pairs, subcommands included. */
export function commandSpecsFromCommandInfo(entry: Raw): [string, CommandSpec][] {
	const [name, arity, flags, , , , , , keySpecs, subcommands] = entry;
	const own: [string, CommandSpec] = [
		String(name).toLowerCase(),
		{
			arity: Number(arity),
			flags: ((flags as string[]) ?? []).filter((flag) => KEPT_FLAGS.has(flag)),
			keySpecs: ((keySpecs as Raw[]) ?? []).map(keySpecFromCommandInfo),
			summary: ''
		}
	];
	const subs = ((subcommands as Raw[]) ?? []).flatMap((sub) => commandSpecsFromCommandInfo(sub));
	return [own, ...subs];
}
