import type { ChainableCommander, Redis } from 'ioredis';
import type { TraceEntry } from '$lib/types';
import { ALL_DATA_COMMANDS } from './commands';
import { commandSpec, escapeGlob, prefixKeys, stripPrefix } from './prefix';
import { formatReplies, formatReply, isStatusReply, shorten } from './reply-format';

type Arg = string | number | Buffer | Arg[] | Record<string, string | number>;

const ALLOWED = new Set(ALL_DATA_COMMANDS.map((name) => name.split('|')[0]!));
// On the shared connection these would stall every learner (or, for WATCH, mix their state).
const NEEDS_OWN_CONNECTION = new Set([
	'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'watch'
]); // prettier-ignore

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
	/** The command-table name: `xgroup|create` for a subcommand. */
	name: string;
	args: string[];
	prefixed: string[];
}

function prepare(method: string, rawArgs: Arg[], prefix: string, own = false): Prepared {
	const command = method.toLowerCase();
	if (!ALLOWED.has(command)) throw new Error(`${method.toUpperCase()} is not allowed in a sandbox`);
	if (!own && NEEDS_OWN_CONNECTION.has(command)) {
		throw new Error(`${method.toUpperCase()} needs a connection of its own, not the shared one`);
	}
	const args = flatten(rawArgs);
	const argv = [command, ...args];
	const { name } = commandSpec(argv); // throws for a subcommand outside the table (OBJECT HELP, ...)
	const prefixed = prefixKeys(argv, prefix).slice(1);
	return {
		command,
		name,
		args,
		prefixed: command === 'scan' ? scopeScan(prefixed, prefix) : prefixed
	};
}

/** SCAN sees only the namespace: the caller's MATCH (the last one wins, as in Redis) goes under it. */
function scopeScan(args: string[], prefix: string): string[] {
	const out = [args[0]!];
	let pattern = '*';
	for (let i = 1; i < args.length; i++) {
		if (args[i]!.toUpperCase() === 'MATCH' && i + 1 < args.length) pattern = args[++i]!;
		else out.push(args[i]!);
	}
	return [...out, 'MATCH', escapeGlob(prefix) + pattern];
}

function entry(p: Prepared, reply: unknown, ms: number, batch?: TraceEntry['batch']): TraceEntry {
	const status = isStatusReply(p.name, p.args);
	return {
		cmd: p.command.toUpperCase(),
		args: p.args,
		reply: shorten(formatReply(reply, status)),
		ms,
		...(batch && { batch })
	};
}

/**
 * A learner's view of the shared ioredis client: the same API, but every key argument (found by
 * position in the command table) is moved into the learner's namespace, keys in replies come
 * back without it, and every command is recorded in `trace` with its reply and round-trip time.
 * `multi()` and `pipeline()` are traced too; each of their commands carries the batch's time.
 */
export function tracedRedis(
	shared: Redis,
	prefix: string,
	trace: TraceEntry[],
	/** True for a connection of its own, where blocking commands and WATCH are safe. */
	own = false
): Redis {
	const send = async (method: string, rawArgs: Arg[]) => {
		const p = prepare(method, rawArgs, prefix, own);
		const started = performance.now();
		try {
			const call = (shared as unknown as Record<string, (...a: string[]) => Promise<unknown>>)[
				p.command
			]!;
			const reply = stripPrefix(await call.apply(shared, p.prefixed), prefix);
			trace.push(entry(p, reply, performance.now() - started));
			return reply;
		} catch (error) {
			trace.push(entry(p, error, performance.now() - started));
			throw error;
		}
	};

	const batch = (kind: 'multi' | 'pipeline') => {
		const queued: Prepared[] = [];
		const real: ChainableCommander = kind === 'multi' ? shared.multi() : shared.pipeline();
		const proxy: ChainableCommander = new Proxy(real, {
			get(target, prop, receiver) {
				if (prop === 'exec') {
					return async () => {
						const started = performance.now();
						const results = (await target.exec()) ?? [];
						const ms = performance.now() - started;
						const replies = results.map(([err, value]) => err ?? stripPrefix(value, prefix));
						const tag = kind === 'multi' ? 'multi' : 'pipeline';
						if (kind === 'multi')
							trace.push({ cmd: 'MULTI', args: [], reply: 'OK', ms, batch: tag });
						queued.forEach((p, i) =>
							trace.push(
								kind === 'multi'
									? { cmd: p.command.toUpperCase(), args: p.args, reply: 'QUEUED', ms, batch: tag }
									: entry(p, replies[i], ms, tag)
							)
						);
						if (kind === 'multi') {
							trace.push({
								cmd: 'EXEC',
								args: [],
								reply: shorten(
									formatReplies(
										replies,
										queued.map((p) => isStatusReply(p.name, p.args))
									)
								),
								ms,
								batch: tag
							});
						}
						return results.map(([err, value]) => [err, stripPrefix(value, prefix)]);
					};
				}
				if (typeof prop === 'string' && ALLOWED.has(prop.toLowerCase())) {
					return (...args: Arg[]) => {
						const p = prepare(prop, args, prefix, own);
						queued.push(p);
						(target as unknown as Record<string, (...a: string[]) => unknown>)[p.command]!(
							...p.prefixed
						);
						return receiver;
					};
				}
				return Reflect.get(target, prop, receiver);
			}
		});
		return proxy;
	};

	return new Proxy(shared, {
		get(target, prop, receiver) {
			if (prop === 'multi') return () => batch('multi');
			if (prop === 'pipeline') return () => batch('pipeline');
			if (typeof prop === 'string' && ALLOWED.has(prop.toLowerCase())) {
				return (...args: Arg[]) => send(prop, args);
			}
			if (typeof prop === 'string' && prop in target) {
				throw new Error(`redis.${prop} is not available to a pattern`);
			}
			return Reflect.get(target, prop, receiver);
		}
	});
}
