import { exists as isRedisCommand } from '@ioredis/commands';
import { DATA_COMMANDS } from '../redis/commands';
import { COMMAND_TABLE } from '../redis/command-table';

/**
 * What the console lets a learner send, as data: the allowed commands, the reasons for refusing
 * the others, and the limits that keep one learner from hurting the shared server
 * (shared/SANDBOX.md, "What the course must do" §1 and §2).
 */
export const LIMITS = {
	lineChars: 100_000,
	args: 256,
	argBytes: 64 * 1024,
	/** SRANDMEMBER, HRANDFIELD and ZRANDMEMBER counts, and SCAN COUNT. */
	count: 1000,
	/** SETRANGE, SETBIT and BITFIELD may not address a string past this. */
	stringBytes: 512 * 1024,
	/** Under the 5 s in which every console line must answer (issue 3). */
	blockingSeconds: 4,
	multiQueue: 50,
	keys: 1000,
	memoryBytes: 2 * 1024 * 1024,
	linesPerWindow: 60,
	windowSeconds: 10
} as const;

/** Every data command, less the ones only the course's own code may run. */
export const CONSOLE_COMMANDS: ReadonlySet<string> = new Set(
	Object.entries(DATA_COMMANDS)
		.filter(([family]) => family !== 'script')
		.flatMap(([, names]) => names)
		.filter((name) => !['watch', 'unwatch', 'lcs'].includes(name))
		.concat('keys')
);

/** The commands that run Lua or functions: only the course's own scripts run on the shared Redis. */
export const SCRIPTING_COMMANDS: readonly string[] = [
	'eval',
	'eval_ro',
	'evalsha',
	'evalsha_ro',
	'script',
	'function',
	'fcall',
	'fcall_ro'
];
/** The commands that make a connection listen, or that only a listening one takes. */
export const SUBSCRIBE_COMMANDS: readonly string[] = [
	'subscribe',
	'psubscribe',
	'ssubscribe',
	'unsubscribe',
	'punsubscribe',
	'sunsubscribe'
];
/** The transaction's own words: the console and the channel send MULTI ... EXEC themselves. */
export const TRANSACTION_COMMANDS: readonly string[] = ['multi', 'exec', 'discard'];

const ADMIN = 'is a server administration command';
const CONNECTION = "changes the connection's state, which the console shares";
const SCRIPTING = 'runs scripts; in the sandbox only the course runs its own Lua';
const REASONS: Record<string, string> = {
	...Object.fromEntries(
		`config debug shutdown save bgsave bgrewriteaof lastsave replicaof slaveof failover sync psync
		monitor info flushall flushdb swapdb module acl latency slowlog lolwut cluster readonly
		readwrite migrate command role replconf pfdebug pfselftest asking restore-asking memory object
		xsetid`
			.split(/\s+/)
			.map((name) => [name, ADMIN])
	),
	...Object.fromEntries(
		'auth hello reset quit select client'.split(' ').map((name) => [name, CONNECTION])
	),
	...Object.fromEntries(SCRIPTING_COMMANDS.map((name) => [name, SCRIPTING])),
	flushdb: 'would empty the whole shared database; use "Reset my sandbox" to clear your keys',
	randomkey: "picks from every learner's keys",
	dbsize: "counts every learner's keys",
	pubsub: "lists every learner's channels",
	move: 'moves keys to another database',
	wait: 'waits for replicas, and without them blocks forever',
	waitaof: 'waits for replicas, and without them blocks forever',
	sort: 'can read other keys through BY and GET patterns',
	sort_ro: 'can read other keys through BY and GET patterns',
	dump: 'returns serialized values; read them with the type commands instead',
	restore: 'loads serialized values from outside the sandbox',
	lcs: 'can keep the server busy for seconds on long strings',
	watch: 'needs a connection of its own, and the console shares one; MULTI ... EXEC works',
	unwatch: 'needs a connection of its own, and the console shares one',
	subscribe: 'keeps a connection listening; the pub/sub lesson has a live subscriber panel',
	psubscribe: 'keeps a connection listening; the pub/sub lesson has a live subscriber panel',
	ssubscribe: 'keeps a connection listening',
	unsubscribe: 'only makes sense on a subscribed connection',
	punsubscribe: 'only makes sense on a subscribed connection',
	sunsubscribe: 'only makes sense on a subscribed connection',
	spublish: 'is for sharded clusters; use PUBLISH'
};

export type Verdict = { ok: true; name: string; argv: string[] } | { ok: false; reply: string };

const refuse = (reply: string): Verdict => ({ ok: false, reply });

/** `object encoding` and the like are allowed per subcommand. */
function commandName(argv: readonly string[]): string {
	const command = argv[0]!.toLowerCase();
	const sub = argv[1] ? `${command}|${argv[1].toLowerCase()}` : '';
	return CONSOLE_COMMANDS.has(sub) ? sub : command;
}

/** Why a command the console does not allow is refused, in one line. */
function refusal(argv: readonly string[], name: string): string {
	const command = argv[0]!.toLowerCase();
	if (!isRedisCommand(command)) {
		// Redis's own wording: at most 128 characters of arguments, and never a line break.
		let start = '';
		for (const arg of argv.slice(1)) {
			if (start.length >= 128) break;
			start += `'${arg.slice(0, 128 - start.length)}' `;
		}
		const reply = `ERR unknown command '${argv[0]!.slice(0, 128)}', with args beginning with: ${start}`;
		return reply.replace(/[\r\n]/g, ' ');
	}
	const forms = [...CONSOLE_COMMANDS].filter((n) => n.startsWith(`${command}|`));
	const sub = forms.length && /^[a-z-]{1,32}$/i.test(argv[1] ?? '') ? ` ${argv[1]}` : '';
	const label = `${name.replace('|', ' ')}${sub}`.toUpperCase();
	const why = forms.length
		? `is not one of the forms the console allows (${forms.map((n) => n.replace('|', ' ').toUpperCase()).join(', ')})`
		: (REASONS[command] ?? 'is not one of the data commands the console allows');
	return `not available in the sandbox: ${label} ${why}`;
}

/** Why a command is too big to send (too many arguments, one too long), or null. */
export function sizeRefusal(argv: readonly string[]): string | null {
	if (argv.length > LIMITS.args) return `sandbox limit: at most ${LIMITS.args} arguments`;
	if (argv.some((arg) => Buffer.byteLength(arg) > LIMITS.argBytes)) {
		return `sandbox limit: an argument may be at most ${LIMITS.argBytes / 1024} KB`;
	}
	return null;
}

/** Checks one parsed line and returns the argv to send (counts clamped), or the refusal. */
export function checkCommand(input: readonly string[]): Verdict {
	const argv = [...input];
	const name = commandName(argv);
	if (!CONSOLE_COMMANDS.has(name)) return refuse(refusal(argv, name));
	const tooBig = sizeRefusal(argv);
	if (tooBig) return refuse(tooBig);
	const spec = COMMAND_TABLE[name];
	if (spec && (spec.arity > 0 ? argv.length !== spec.arity : argv.length < -spec.arity)) {
		return refuse(`ERR wrong number of arguments for '${name}' command`);
	}
	return limitArguments(name, argv);
}

const upper = (argv: string[], i: number) => argv[i]?.toUpperCase();
const int = (text: string | undefined) =>
	text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;

/** Per-command limits: clamp what multiplies output or blocks, refuse what allocates too much. */
function limitArguments(name: string, argv: string[]): Verdict {
	const clampCount = (i: number) => {
		const n = int(argv[i]);
		if (Math.abs(n) > LIMITS.count) argv[i] = String(Math.sign(n) * LIMITS.count);
	};
	const clampSeconds = (i: number) => {
		const n = Number(argv[i]);
		if (!(n > 0 && n <= LIMITS.blockingSeconds)) argv[i] = String(LIMITS.blockingSeconds);
	};
	const tooFar = (bytes: number) =>
		refuse(`sandbox limit: strings can grow to ${LIMITS.stringBytes / 1024} KB (offset ${bytes})`);

	switch (name) {
		case 'srandmember':
		case 'hrandfield':
		case 'zrandmember':
			if (argv.length > 2) clampCount(2);
			break;
		case 'scan':
		case 'hscan':
		case 'sscan':
		case 'zscan':
			for (let i = 2; i < argv.length - 1; i++) if (upper(argv, i) === 'COUNT') clampCount(i + 1);
			break;
		case 'setrange': {
			const end = int(argv[2]) + Buffer.byteLength(argv[3] ?? '');
			if (end > LIMITS.stringBytes) return tooFar(end);
			break;
		}
		case 'setbit': {
			const bit = int(argv[2]);
			if (bit >= LIMITS.stringBytes * 8) return tooFar(Math.floor(bit / 8));
			break;
		}
		case 'bitfield':
			for (let i = 2; i < argv.length - 2; i++) {
				if (!['GET', 'SET', 'INCRBY'].includes(upper(argv, i)!)) continue;
				const width = int(argv[i + 1]?.slice(1));
				const offset = argv[i + 2]!;
				const bits = offset.startsWith('#') ? int(offset.slice(1)) * width : int(offset);
				if (bits + width > LIMITS.stringBytes * 8) return tooFar(Math.floor(bits / 8));
			}
			break;
		case 'copy':
			if (argv.some((arg, i) => i > 2 && arg.toUpperCase() === 'DB')) {
				return refuse('not available in the sandbox: COPY ... DB reaches another database');
			}
			break;
		case 'blpop':
		case 'brpop':
		case 'bzpopmin':
		case 'bzpopmax':
		case 'blmove':
		case 'brpoplpush':
			clampSeconds(argv.length - 1);
			break;
		case 'blmpop':
		case 'bzmpop':
			clampSeconds(1);
			break;
		case 'xread':
		case 'xreadgroup':
			// Options read as Redis reads them, so a group or consumer named STREAMS hides no BLOCK.
			for (let i = 1; i < argv.length - 1; i++) {
				const option = upper(argv, i);
				if (option === 'STREAMS') break;
				if (option === 'GROUP') i += 2;
				if (option === 'COUNT') i++;
				if (option === 'BLOCK') {
					const ms = int(argv[++i]);
					if (!(ms > 0 && ms <= LIMITS.blockingSeconds * 1000)) {
						argv[i] = String(LIMITS.blockingSeconds * 1000);
					}
				}
			}
			break;
	}
	return { ok: true, name, argv };
}

/** `help <command>`: the command's summary from COMMAND DOCS, or why it is not available. */
export function helpFor(words: readonly string[]): string {
	if (!words.length) {
		return 'Type a Redis command, e.g. SET greeting hello. "help <command>" explains one; "clear" clears the screen.';
	}
	const name = commandName(words);
	if (!CONSOLE_COMMANDS.has(name)) return refusal(words, name);
	const summary = COMMAND_TABLE[name]?.summary ?? '';
	return `${name.replace('|', ' ').toUpperCase()}: ${summary || 'no summary'}`;
}
