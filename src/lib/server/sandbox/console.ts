import { isUtf8 } from 'node:buffer';
import { Command, type Redis } from 'ioredis';
import { MAY_WAIT } from '../redis/connection';
import { indexedKeys, loadScanScript, scanCommand, scanIndex } from '../redis/key-index';
import type { Moved } from '../redis/namespace';
import { formatReplies, formatReply, isStatusReply } from '../redis/reply-format';
import { checkCommand, helpFor, LIMITS } from './console-policy';
import { parseLine, splitArgs } from './parse-line';
import type { Sandbox } from './sandboxes';
import { overQuota, trackWrites } from './quota';

export interface ConsoleReply {
	reply: string;
	error: boolean;
}

/** A learner's console state: an open MULTI, a blocking call in flight. */
export interface ConsoleState {
	queue: { argv: string[]; name: string }[] | null;
	queueFailed: boolean;
	blocking: boolean;
	/** The learner's previous line: lines run one after another, as in redis-cli. */
	tail: Promise<unknown>;
}

export const newConsoleState = (): ConsoleState => ({
	queue: null,
	queueFailed: false,
	blocking: false,
	tail: Promise.resolve()
});

const error = (reply: string): ConsoleReply => ({ reply: `(error) ${reply}`, error: true });
const ok = (reply: string): ConsoleReply => ({ reply, error: false });

// Blocking calls get a connection of their own; this caps them across all learners.
const MAX_BLOCKING_CONNECTIONS = 50;
let blockingConnections = 0;

/**
 * Runs one console line for a learner and prints the reply as redis-cli would. A learner's lines
 * run one at a time (so quota checks cannot be raced), on the learner's own connection (so a huge
 * reply can only ever overflow their own output buffer, never the connection others use).
 */
export function runConsoleLine(sandbox: Sandbox, line: string): Promise<ConsoleReply> {
	const state = sandbox.console;
	const run = state.tail.then(() => runLine(sandbox, line));
	state.tail = run.catch(() => {});
	return run;
}

async function runLine(sandbox: Sandbox, line: string): Promise<ConsoleReply> {
	if (line.length > LIMITS.lineChars) {
		return error(`sandbox limit: a line may be at most ${LIMITS.lineChars} characters`);
	}
	const argv = parseLine(line);
	if (argv === null) return error(splitArgs(line) ? NOT_TEXT : 'Invalid argument(s)');
	if (argv.length === 0) return ok('');
	if (argv[0]!.toLowerCase() === 'help') return ok(helpFor(argv.slice(1)));

	const state = sandbox.console;
	const word = argv[0]!.toLowerCase();
	if (word === 'multi' || word === 'exec' || word === 'discard') {
		if (argv.length === 1) return transaction(sandbox, word);
		if (state.queue) state.queueFailed = true;
		return error(`ERR wrong number of arguments for '${word}' command`);
	}
	const verdict = checkCommand(argv);
	if (!verdict.ok) {
		if (state.queue) state.queueFailed = true;
		return error(verdict.reply);
	}
	const { name } = verdict;
	if (state.queue) {
		if (state.queue.length >= LIMITS.multiQueue) {
			state.queueFailed = true;
			return error(`sandbox limit: at most ${LIMITS.multiQueue} commands in a MULTI`);
		}
		try {
			sandbox.ns.move(verdict.argv); // keys that cannot be located never reach EXEC
		} catch (e) {
			state.queueFailed = true;
			return error((e as Error).message);
		}
		state.queue.push(verdict);
		return ok('QUEUED');
	}
	const redis = await sandbox.consoleConnection();
	if (name === 'keys') return keys(redis, sandbox, argv);
	if (await overQuota(redis, sandbox, name)) return error(quotaMessage());
	const { ns } = sandbox;
	try {
		const moved = ns.move(verdict.argv);
		const reply = moved.scan
			? await scanIndex(redis, ns, moved.scan)
			: moved.blocks
				? await blocking(redis, sandbox, moved)
				: (await Promise.all([send(redis, moved), index(redis, sandbox, [moved])]))[0];
		await trackWrites(redis, sandbox, moved);
		const shown = ns.strip(text(reply));
		return ok(formatReply(shown, isStatusReply(name, argv.slice(1))));
	} catch (e) {
		return error(ns.hide((e as Error).message));
	}
}

// The reply as bytes (a value may not be text). Not `callBuffer`: with auto-pipelining on (the
// shared connection), ioredis 5 drops its command name and sends the first argument as one.
const send = (redis: Redis, { argv }: Moved) =>
	redis.sendCommand(
		new Command(argv[0]!, argv.slice(1), { replyEncoding: null })
	) as Promise<unknown>;

/** A write's keys go into the learner's index, sent just before it: one round trip for both. */
function index(redis: Redis, sandbox: Sandbox, commands: Moved[]): Promise<unknown> | null {
	const keys = commands.flatMap(({ indexed, keys }) => (indexed ? keys : []));
	return keys.length ? redis.sadd(sandbox.ns.indexKey, ...new Set(keys)) : null;
}

const NOT_TEXT =
	'the console sends text: \\xHH escapes must spell UTF-8 (e.g. "\\xc3\\xa9"); ' +
	'set single bits and bytes with SETBIT or BITFIELD';

/** Bulk replies as text, except bytes that are not UTF-8, which quote() prints as \xHH. */
function text(reply: unknown): unknown {
	if (Buffer.isBuffer(reply)) return isUtf8(reply) ? reply.toString('utf8') : reply;
	if (Array.isArray(reply)) return reply.map(text);
	if (reply && typeof reply === 'object' && !(reply instanceof Error)) {
		return Object.fromEntries(Object.entries(reply).map(([key, value]) => [key, text(value)]));
	}
	return reply;
}

/** Why a write is refused once the learner's keys are over their quota. */
export const quotaMessage = () =>
	`sandbox quota: your keys may use ${LIMITS.memoryBytes / 1024 / 1024} MB and ${LIMITS.keys} keys; ` +
	'delete some (DEL, UNLINK) or press "Reset my sandbox"';

/** KEYS, answered from the learner's key index (KEYS itself would walk everyone's keys). */
async function keys(redis: Redis, sandbox: Sandbox, argv: string[]): Promise<ConsoleReply> {
	if (argv.length !== 2) return error("ERR wrong number of arguments for 'keys' command");
	return ok(formatReply((await indexedKeys(redis, sandbox.ns, argv[1]!, LIMITS.keys)).sort()));
}

async function blocking(redis: Redis, sandbox: Sandbox, moved: Moved): Promise<unknown> {
	if (sandbox.console.blocking) throw new Error('sandbox limit: one blocking command at a time');
	if (blockingConnections >= MAX_BLOCKING_CONNECTIONS) {
		throw new Error('sandbox limit: too many blocking commands on the server right now; try again');
	}
	sandbox.console.blocking = true;
	blockingConnections++;
	const own = redis.duplicate({ enableOfflineQueue: true, ...MAY_WAIT });
	own.on('error', () => {});
	// Whatever timeout reached Redis, the connection is closed soon after the longest allowed.
	let cut = false;
	const cutoff = setTimeout(
		() => {
			cut = true;
			own.disconnect();
		},
		LIMITS.blockingSeconds * 1000 + 500
	);
	try {
		return (await Promise.all([send(own, moved), index(own, sandbox, [moved])]))[0];
	} catch (e) {
		if (!cut) throw e;
		throw new Error(`sandbox limit: a blocking command waits at most ${LIMITS.blockingSeconds} s`, {
			cause: e
		});
	} finally {
		clearTimeout(cutoff);
		own.disconnect();
		blockingConnections--;
		sandbox.console.blocking = false;
	}
}

async function transaction(sandbox: Sandbox, word: string): Promise<ConsoleReply> {
	const state = sandbox.console;
	if (word === 'multi') {
		if (state.queue) return error('ERR MULTI calls can not be nested');
		state.queue = [];
		state.queueFailed = false;
		return ok('OK');
	}
	const queued = state.queue;
	state.queue = null;
	if (!queued) return error(`ERR ${word.toUpperCase()} without MULTI`);
	if (word === 'discard') return ok('OK');
	if (state.queueFailed)
		return error('EXECABORT Transaction discarded because of previous errors.');
	const redis = await sandbox.consoleConnection();
	if (queued.some(({ name }) => name === 'keys')) {
		return error('not available in the sandbox: KEYS inside MULTI');
	}
	for (const { name } of queued)
		if (await overQuota(redis, sandbox, name)) return error(quotaMessage());
	const { ns } = sandbox;
	try {
		const multi = redis.multi();
		const moved = queued.map(({ argv }) => ns.move(argv));
		if (moved.some(({ scan }) => scan)) await loadScanScript(redis);
		for (const { argv, scan } of moved) {
			// SCAN walks the learner's key index: the same script, queued with the rest.
			const [command, ...args] = scan ? scanCommand(ns, scan) : argv;
			multi.callBuffer(command!, ...args);
		}
		const [results] = await Promise.all([multi.exec(), index(redis, sandbox, moved)]);
		for (const command of moved) await trackWrites(redis, sandbox, command);
		const replies = (results ?? []).map(([err, value]) =>
			err ? new Error(ns.hide(err.message)) : ns.strip(text(value))
		);
		const status = queued.map(({ name, argv }) => isStatusReply(name, argv.slice(1)));
		return ok(formatReplies(replies, status));
	} catch (e) {
		return error(ns.hide((e as Error).message));
	}
}
