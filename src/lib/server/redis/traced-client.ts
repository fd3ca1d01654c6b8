import { exists as isRedisCommand } from '@ioredis/commands';
import { Command, ReplyError, type ChainableCommander, type Cluster, type Redis } from 'ioredis';
import type { TraceEntry } from '$lib/types';
import { ALL_DATA_COMMANDS } from './commands';
import { scanIndex } from './key-index';
import { type Moved, type Namespace } from './namespace';
import { formatReplies, formatReply, isStatusReply, shorten, shownArg } from './reply-format';

type Arg = string | number | Buffer | Arg[] | Record<string, string | number>;
type Connection = Redis | Cluster;
type Method = (...args: unknown[]) => Promise<unknown>;

/** Where a traced client writes what it did. */
export interface Recorder {
	/** Each command with its reply and round-trip time, in the order they were answered. */
	trace: TraceEntry[];
	/** The learner's names of the keys the commands named, as they were prefixed. */
	touched: Set<string>;
	/** Characters of arguments kept whole so far: past a budget, long ones are cut. */
	argChars: number;
}

export const newRecorder = (): Recorder => ({ trace: [], touched: new Set(), argChars: 0 });

/**
 * The arguments as the trace keeps them. A request's first 64 KB of arguments are kept whole (a
 * cached table's JSON, always); past that, an argument over 200 characters is cut, so that a demo
 * writing hundreds of 4 KB values sends the page a trace, not megabytes.
 */
function shownArgs(recorder: Recorder, args: string[]): string[] {
	return args.map((arg) => {
		if (arg.length <= 200) return arg;
		recorder.argChars += arg.length;
		return recorder.argChars <= 64 * 1024 ? arg : shownArg(arg);
	});
}

const DATA = new Set(ALL_DATA_COMMANDS.map((name) => name.split('|')[0]!));

/** ioredis accepts nested arrays and objects (HSET key {field: value}); Redis sees flat strings. */
function flatten(args: Arg[]): string[] {
	const out: string[] = [];
	for (const arg of args) {
		if (Array.isArray(arg)) out.push(...flatten(arg));
		else if (Buffer.isBuffer(arg)) out.push(arg.toString());
		else if (typeof arg === 'object' && arg !== null)
			out.push(...flatten(Object.entries(arg).flat()));
		else out.push(String(arg));
	}
	return out;
}

interface Prepared {
	command: string;
	/** The command-table name (`xgroup|create`), or the bare command on a lab server. */
	name: string;
	/** As the pattern wrote them. */
	args: string[];
	/** What goes to the server. */
	sent: string[];
	moved: Moved | null;
}

interface Options {
	/** The learner's namespace; null on a lab server, which is the learner's alone. */
	ns: Namespace | null;
	/** A connection of its own, where blocking commands and WATCH are safe. */
	own?: boolean;
	/** Who sends the commands, when a demo plays several clients. */
	actor?: string;
	/**
	 * Replies as Redis sent them (HGETALL a flat list in Redis's order), not as ioredis shapes
	 * them (HGETALL an object, whose integer-like field names come first): for the command
	 * channel, whose browser client shapes them itself. See `withRedisReplies`.
	 */
	redisReplies?: boolean;
}

/** A command whose reply skips ioredis's reply transformers: text, as Redis sent it. */
class AsSent extends Command {
	constructor(name: string, args: string[]) {
		super(name, args, { replyEncoding: 'utf8' });
	}
	override transformReply(result: Buffer | Buffer[]) {
		return asText(result) as string | string[];
	}
}
const asText = (value: unknown): unknown =>
	Buffer.isBuffer(value)
		? value.toString('utf8')
		: Array.isArray(value)
			? value.map(asText)
			: value;

type Sender = { sendCommand(command: Command): unknown };
const WITH_REDIS_REPLIES = Symbol('withRedisReplies');

/**
 * The same traced client (connection, recorder, namespace), answering Redis's own replies
 * instead of ioredis's shapes: a lab's client is the demos' too, and they keep ioredis's.
 */
export const withRedisReplies = <C extends Connection>(traced: C): C =>
	(traced as unknown as Record<symbol, () => C>)[WITH_REDIS_REPLIES]!();

function prepare(method: string, rawArgs: Arg[], { ns, own = false }: Options): Prepared {
	const command = method.toLowerCase();
	const args = flatten(rawArgs);
	if (!ns) {
		const name =
			CONTAINERS.has(command) && args[0] ? `${command}|${args[0].toLowerCase()}` : command;
		return { command, name, args, sent: args, moved: null };
	}
	if (!DATA.has(command)) throw new Error(`${method.toUpperCase()} is not allowed in a sandbox`);
	const moved = ns.move([command, ...args]); // throws for a subcommand outside the table
	if (!own && (moved.blocks || command === 'watch')) {
		throw new Error(`${method.toUpperCase()} needs a connection of its own, not the shared one`);
	}
	return { command, name: moved.name, args, sent: moved.argv.slice(1), moved };
}

/**
 * A command that got no reply because the connection failed, in plain words: the driver's own
 * messages name its options ("enableOfflineQueue"), not what happened. Null for Redis's replies.
 */
function noReply(error: unknown): string | null {
	if ((error as NodeJS.ErrnoException)?.code === 'ECONNREFUSED')
		return '(error) no connection to Redis: the connection was refused';
	if (!(error instanceof Error) || error instanceof ReplyError) return null;
	if (error.name === 'MaxRetriesPerRequestError')
		return '(error) no reply from Redis: the connection was lost while the command waited';
	if (error.message.includes('enableOfflineQueue'))
		return '(error) no connection to Redis: the client did not send the command';
	if (error.message === 'Connection is closed.')
		return '(error) the connection to Redis is closed: no reply';
	if (error.message === 'Command timed out' || error.message.startsWith('Socket timeout'))
		return '(error) no reply from Redis within the timeout';
	return null;
}

/** Whether an error is Redis being away (no connection, no reply), not an answer of Redis's. */
export const isConnectionError = (error: unknown) => noReply(error) !== null;

function entry(
	recorder: Recorder,
	p: Prepared,
	reply: unknown,
	ms: number,
	batch?: TraceEntry['batch'],
	actor?: string
): TraceEntry {
	return {
		cmd: p.command.toUpperCase(),
		args: shownArgs(recorder, p.args),
		reply: noReply(reply) ?? shorten(formatReply(reply, isStatusReply(p.name, p.args))),
		ms,
		...(batch && { batch }),
		...(actor && { actor })
	};
}

/**
 * A traced view of an ioredis client: the same API, but every command is recorded with its
 * reply and round-trip time. For a learner (`ns`), every key argument is moved into their
 * namespace and comes back without it in replies, the keys named are recorded as touched, a
 * write adds its keys to the learner's index in the same round trip, and SCAN walks that index.
 * `multi()` and `pipeline()` are traced too; each of their commands carries the batch's time.
 */
export function tracedRedis<C extends Connection>(
	connection: C,
	recorder: Recorder,
	options: Options
): C {
	const { ns, actor, redisReplies = false } = options;
	const by = actor ? { actor } : {};
	const strip = <T>(reply: T): T => (ns ? ns.strip(reply) : reply);
	/** A reply as the trace shows it: an error without the learner's prefix (NOGROUP names keys). */
	const shown = (reply: unknown) =>
		ns && reply instanceof ReplyError ? new ReplyError(ns.hide((reply as Error).message)) : reply;
	const method = (target: object, name: string) =>
		(target as Record<string, Method>)[name]!.bind(target);
	/** Sends (or queues, on a batch) what `p` sends, with the replies the options ask for. */
	const issue = (target: object, p: Prepared) =>
		redisReplies
			? ((target as Sender).sendCommand(new AsSent(p.command, p.sent)) as Promise<unknown>)
			: method(target, p.command)(...p.sent);

	/** The index write that goes with `prepared`, sent before it on the same connection. */
	const index = (prepared: Prepared[]): Promise<unknown> | null => {
		if (!ns) return null;
		const keys = prepared.flatMap((p) => {
			for (const key of p.moved?.keys ?? []) recorder.touched.add(key);
			return p.moved?.indexed ? p.moved.keys : [];
		});
		return keys.length ? connection.sadd(ns.indexKey, ...new Set(keys)) : null;
	};

	const send = async (name: string, rawArgs: Arg[]) => {
		const p = prepare(name, rawArgs, options);
		const started = performance.now();
		try {
			let reply: unknown;
			if (p.moved?.scan) reply = await scanIndex(connection, ns!, p.moved.scan);
			else {
				const indexed = index([p]);
				const sent = issue(connection, p);
				reply = strip((await Promise.all([sent, indexed]))[0]);
			}
			recorder.trace.push(entry(recorder, p, reply, performance.now() - started, undefined, actor));
			return reply;
		} catch (error) {
			recorder.trace.push(
				entry(recorder, p, shown(error), performance.now() - started, undefined, actor)
			);
			throw error;
		}
	};

	const batch = (kind: 'multi' | 'pipeline') => {
		const queued: Prepared[] = [];
		const real: ChainableCommander = kind === 'multi' ? connection.multi() : connection.pipeline();
		const proxy: ChainableCommander = new Proxy(real, {
			get(target, prop, receiver) {
				if (prop === 'exec') return () => exec(target);
				const command = typeof prop === 'string' && prop.toLowerCase();
				if (command && (ns ? DATA.has(command) : isRedisCommand(command))) {
					return (...args: Arg[]) => {
						const p = prepare(prop, args, options);
						if (p.moved?.scan) throw new Error(`SCAN cannot run inside a ${kind}`);
						queued.push(p);
						void issue(target, p);
						return receiver;
					};
				}
				return Reflect.get(target, prop, receiver);
			}
		});
		const exec = async (target: ChainableCommander) => {
			const started = performance.now();
			const indexed = index(queued);
			const [results] = await Promise.all([target.exec(), indexed]);
			const ms = performance.now() - started;
			const replies = (results ?? []).map(([err, value]) => err ?? strip(value));
			if (kind === 'pipeline') {
				queued.forEach((p, i) =>
					recorder.trace.push(entry(recorder, p, shown(replies[i]), ms, 'pipeline', actor))
				);
			} else {
				recorder.trace.push({ cmd: 'MULTI', args: [], reply: 'OK', ms, batch: 'multi', ...by });
				for (const p of queued) {
					const { command, args } = p;
					recorder.trace.push({
						cmd: command.toUpperCase(),
						args: shownArgs(recorder, args),
						reply: 'QUEUED',
						ms,
						batch: 'multi',
						...by
					});
				}
				const status = queued.map((p) => isStatusReply(p.name, p.args));
				const reply = results ? formatReplies(replies.map(shown), status) : '(nil)';
				recorder.trace.push({
					cmd: 'EXEC',
					args: [],
					reply: shorten(reply),
					ms,
					batch: 'multi',
					...by
				});
			}
			return results && results.map(([err, value]) => [err, strip(value)]);
		};
		return proxy;
	};

	return new Proxy(connection, {
		get(target, prop, receiver) {
			if (prop === WITH_REDIS_REPLIES)
				return () => tracedRedis(connection, recorder, { ...options, redisReplies: true });
			if (prop === 'multi') return () => batch('multi');
			if (prop === 'pipeline') return () => batch('pipeline');
			if (typeof prop === 'string' && ns && DATA.has(prop.toLowerCase())) {
				return (...args: Arg[]) => send(prop, args);
			}
			if (typeof prop === 'string' && !ns) {
				// A lab server: any Redis command, traced; the client's own methods as they are.
				if (isRedisCommand(prop.toLowerCase()) && !CLIENT_METHODS.has(prop)) {
					return (...args: Arg[]) => send(prop, args);
				}
				return Reflect.get(target, prop, receiver);
			}
			if (typeof prop === 'string' && prop in target) {
				throw new Error(`redis.${prop} is not available to a pattern`);
			}
			return Reflect.get(target, prop, receiver);
		}
	});
}

/** Commands whose first argument is a subcommand (CONFIG SET), for naming them on a lab server. */
const CONTAINERS = new Set([
	'config', 'cluster', 'client', 'memory', 'object', 'debug', 'script', 'function', 'xgroup',
	'xinfo', 'command', 'acl', 'latency', 'slowlog', 'module'
]); // prettier-ignore

/** Redis commands that ioredis also uses as the client's own methods. */
const CLIENT_METHODS = new Set(['quit', 'monitor']);
