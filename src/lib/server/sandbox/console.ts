import type { Redis } from 'ioredis';
import { fixedWindow, type RateLimitVerdict } from '../patterns/rate-limit';
import { sharedRedis } from '../redis/connection';
import { escapeGlob, prefixKeys, stripPrefix } from '../redis/prefix';
import { formatReplies, formatReply, isStatusReply } from '../redis/reply-format';
import { tracedRedis } from '../redis/traced-client';
import { checkCommand, helpFor, isBlocking, LIMITS } from './console-policy';
import { parseLine } from './parse-line';
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
}

export const newConsoleState = (): ConsoleState => ({
	queue: null,
	queueFailed: false,
	blocking: false
});

const error = (reply: string): ConsoleReply => ({ reply: `(error) ${reply}`, error: true });
const ok = (reply: string): ConsoleReply => ({ reply, error: false });

// Blocking calls get a connection of their own; this caps them across all learners.
const MAX_BLOCKING_CONNECTIONS = 50;
let blockingConnections = 0;

/** The course's own limiter, on keys outside the learner's namespace (same hash slot). */
export async function consoleRateLimit(sandbox: Sandbox): Promise<RateLimitVerdict> {
	const redis = tracedRedis(await sharedRedis(), `course:{${sandbox.id}}:`, []);
	return fixedWindow({ redis }, 'console-rate', LIMITS.linesPerWindow, LIMITS.windowSeconds);
}

/** Runs one console line for a learner and prints the reply as redis-cli would. */
export async function runConsoleLine(sandbox: Sandbox, line: string): Promise<ConsoleReply> {
	const argv = parseLine(line);
	if (argv === null) return error('Invalid argument(s)');
	if (argv.length === 0) return ok('');
	if (argv[0]!.toLowerCase() === 'help') return ok(helpFor(argv.slice(1)));

	const state = sandbox.console;
	const word = argv[0]!.toLowerCase();
	if (word === 'multi' || word === 'exec' || word === 'discard') {
		if (argv.length !== 1) return error(`ERR wrong number of arguments for '${word}' command`);
		return transaction(sandbox, word);
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
		state.queue.push(verdict);
		return ok('QUEUED');
	}
	const redis = await sharedRedis();
	if (name === 'keys') return keys(sandbox, argv);
	if (await overQuota(redis, sandbox, name)) return error(quotaMessage());
	try {
		const prepared = prepare(sandbox.prefix, name, verdict.argv);
		const reply = isBlocking(name, prepared)
			? await blocking(redis, sandbox, prepared)
			: await redis.call(prepared[0]!, ...prepared.slice(1));
		await trackWrites(redis, sandbox, name, verdict.argv);
		return ok(formatReply(stripPrefix(reply, sandbox.prefix), isStatusReply(name, argv.slice(1))));
	} catch (e) {
		return error((e as Error).message);
	}
}

const quotaMessage = () =>
	`sandbox quota: your keys may use ${LIMITS.memoryBytes / 1024 / 1024} MB and ${LIMITS.keys} keys; ` +
	'delete some (DEL, UNLINK) or press "Reset my sandbox"';

/** Keys and channels moved into the learner's namespace; SCAN walks only that namespace. */
function prepare(prefix: string, name: string, argv: string[]): string[] {
	if (name !== 'scan') return prefixKeys(argv, prefix);
	const out = argv.slice(0, 2);
	let pattern = '*';
	for (let i = 2; i < argv.length; i++) {
		// The last MATCH wins in Redis: the learner's pattern goes under the prefix, once.
		if (argv[i]!.toUpperCase() === 'MATCH' && i + 1 < argv.length) pattern = argv[++i]!;
		else out.push(argv[i]!);
	}
	return [...out, 'MATCH', escapeGlob(prefix) + pattern];
}

/** KEYS, answered from a SCAN of the learner's namespace (KEYS itself would walk everyone's). */
async function keys(sandbox: Sandbox, argv: string[]): Promise<ConsoleReply> {
	if (argv.length !== 2) return error("ERR wrong number of arguments for 'keys' command");
	return ok(formatReply((await sandbox.scanKeys(argv[1]!, LIMITS.keys)).sort()));
}

async function blocking(redis: Redis, sandbox: Sandbox, argv: string[]): Promise<unknown> {
	if (sandbox.console.blocking) throw new Error('sandbox limit: one blocking command at a time');
	if (blockingConnections >= MAX_BLOCKING_CONNECTIONS) {
		throw new Error('sandbox limit: too many blocking commands on the server right now; try again');
	}
	sandbox.console.blocking = true;
	blockingConnections++;
	const own = redis.duplicate({ enableOfflineQueue: true });
	own.on('error', () => {});
	try {
		return await own.call(argv[0]!, ...argv.slice(1));
	} finally {
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
	const redis = await sharedRedis();
	if (queued.some(({ name }) => name === 'keys')) {
		return error('not available in the sandbox: KEYS inside MULTI');
	}
	for (const { name } of queued)
		if (await overQuota(redis, sandbox, name)) return error(quotaMessage());
	const multi = redis.multi();
	for (const { name, argv } of queued) {
		const prepared = prepare(sandbox.prefix, name, argv);
		multi.call(prepared[0]!, ...prepared.slice(1));
	}
	try {
		const results = (await multi.exec()) ?? [];
		for (const { name, argv } of queued) await trackWrites(redis, sandbox, name, argv);
		const replies = results.map(([err, value]) => err ?? stripPrefix(value, sandbox.prefix));
		const status = queued.map(({ name, argv }) => isStatusReply(name, argv.slice(1)));
		return ok(formatReplies(replies, status));
	} catch (e) {
		return error((e as Error).message);
	}
}
