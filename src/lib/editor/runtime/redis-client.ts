import { list } from '@ioredis/commands';
import type { RunReply } from '../protocol';
import { ReplyError } from './reply-error';

/**
 * An ioredis-like client over the command channel: every Redis command as a lower-case method,
 * `call(name, ...args)`, and chainable `multi()` / `pipeline()` whose `exec()` answers
 * `[[error, value], ...]`. Arguments are flattened and replies transformed as ioredis does
 * (node_modules/ioredis/built/Command.js), so a pattern runs here as it runs on the server.
 */

/** Sends one batch (a round trip): each command's reply, or `{ error }` in its place. */
export type SendBatch = (commands: string[][], atomic: boolean) => Promise<RunReply[]>;

const COMMANDS = new Set(list);

/** ioredis's argument transformers: an object or a Map as field/value pairs. */
const PAIRS_AFTER: Record<string, number> = { mset: 0, msetnx: 0, hset: 1, hmset: 1 };

function pairs(value: unknown): unknown[] | undefined {
	if (value instanceof Map) return [...value].flat();
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		return Object.entries(value).flat();
	}
	return undefined;
}

/** One level of arrays flattened, objects as pairs for MSET/HSET, then each one a string. */
export function toArguments(name: string, args: unknown[]): string[] {
	let flat = args.flat();
	const at = PAIRS_AFTER[name];
	if (at !== undefined && flat.length === at + 1) {
		const spread = pairs(flat[at]);
		if (spread) flat = [...flat.slice(0, at), ...spread];
	}
	return flat.map((arg) => (arg === null || arg === undefined ? '' : String(arg)));
}

/** ioredis's reply transformers: HGETALL's flat list as an object (the only one it has). */
export function transformReply(name: string, reply: unknown): unknown {
	if (name !== 'hgetall' || !Array.isArray(reply)) return reply;
	const object: Record<string, unknown> = {};
	for (let i = 0; i < reply.length; i += 2) {
		// defineProperty, as ioredis does, so that a field named __proto__ is a field.
		Object.defineProperty(object, String(reply[i]), {
			value: reply[i + 1],
			configurable: true,
			enumerable: true,
			writable: true
		});
	}
	return object;
}

const isError = (reply: RunReply): reply is { error: string } =>
	typeof reply === 'object' &&
	reply !== null &&
	!Array.isArray(reply) &&
	Object.keys(reply).length === 1 &&
	typeof reply.error === 'string';

interface Queued {
	name: string;
	command: string[];
}

const queued = (name: string, args: unknown[]): Queued => ({
	name,
	command: [name.toUpperCase(), ...toArguments(name, args)]
});

async function sendAll(send: SendBatch, batch: Queued[], atomic: boolean) {
	const replies = await send(
		batch.map((q) => q.command),
		atomic
	);
	if (replies.length !== batch.length) {
		throw new Error(
			`The command channel answered ${replies.length} replies to ${batch.length} commands.`
		);
	}
	return replies.map((reply, i): [Error] | [null, unknown] =>
		isError(reply) ? [new ReplyError(reply.error)] : [null, transformReply(batch[i]!.name, reply)]
	);
}

/** `redis.multi()` / `redis.pipeline()`: commands queued by chaining, sent by `exec()`. */
function createBatch(send: SendBatch, atomic: boolean, initial: unknown[][] = []) {
	const batch: Queued[] = initial.map(([name, ...args]) => queued(String(name), args));
	const methods: Record<string, unknown> = {
		exec: () => (batch.length ? sendAll(send, batch.splice(0), atomic) : Promise.resolve([])),
		call: (name: string, ...args: unknown[]) => {
			batch.push(queued(name, args));
			return proxy;
		}
	};
	const proxy: object = new Proxy(methods, {
		get(target, prop) {
			if (prop === 'length') return batch.length;
			if (typeof prop !== 'string') return undefined;
			if (prop in target) return target[prop];
			if (!COMMANDS.has(prop)) return undefined;
			return (...args: unknown[]) => {
				batch.push(queued(prop, args));
				return proxy;
			};
		}
	});
	return proxy;
}

/** The client: a single command is one batch of one; an error reply rejects with a ReplyError. */
export function createRedisClient(send: SendBatch): object {
	const single = async (name: string, args: unknown[]) => {
		const [[error, value]] = (await sendAll(send, [queued(name, args)], false)) as [
			[Error | null, unknown]
		];
		if (error) throw error;
		return value;
	};
	const methods: Record<string, unknown> = {
		call: (name: string, ...args: unknown[]) => single(name, args),
		multi: (commands?: unknown[][]) => createBatch(send, true, commands),
		pipeline: (commands?: unknown[][]) => createBatch(send, false, commands)
	};
	return new Proxy(methods, {
		get(target, prop) {
			if (typeof prop !== 'string') return undefined;
			if (prop in target) return target[prop];
			// Not a command (`then`, say): undefined, so that awaiting the client is harmless.
			if (!COMMANDS.has(prop)) return undefined;
			return (...args: unknown[]) => single(prop, args);
		}
	});
}
