import type { Redis } from 'ioredis';
import type { Json, RunReply, RunRequest, RunResponse } from '$lib/editor/protocol';
import type { TraceEntry } from '$lib/types';
import { runScript, type LuaScript } from '../pattern-support/lua';
import { indexedKeys } from '../redis/key-index';
import type { Moved, Namespace } from '../redis/namespace';
import { formatReply, shorten, shownArg } from '../redis/reply-format';
import {
	isConnectionError,
	newRecorder,
	tracedRedis,
	withRedisReplies,
	type Recorder
} from '../redis/traced-client';
import { planCommand, type Plan } from './channel-policy';
import { quotaMessage } from './console';
import { LIMITS } from './console-policy';
import { SCRIPT_LIMIT_MS, labSession, stopLabSession } from './lab-session';
import { admitBatch, trackWrites } from './quota';
import type { Sandbox } from './sandboxes';

/**
 * The command channel: one batch of a learner's version's Redis commands, under exactly the
 * console's policy (channel-policy.ts). On the shared Redis, through the traced client (keys and
 * channels moved into the learner's namespace, replies and trace without it, each write's keys
 * added to the learner's index in the same round trip), on the learner's own connection (a huge
 * reply overflows only theirs), with the console's quota. A non-atomic batch is one pipeline;
 * KEYS and SCAN, which read the key index, and a refused command, which is not sent, each split
 * it. An atomic batch is one MULTI ... EXEC, or, if any command is refused, nothing at all.
 * With `lab`, the batch runs on the learner's lab server (lab-session.ts) instead.
 */
export function runBatch(sandbox: Sandbox, request: RunRequest): Promise<RunResponse> {
	const queued = pending.get(sandbox.id) ?? 0;
	if (queued >= MAX_PENDING_BATCHES) return Promise.reject(new BatchBusyError(BATCH_BUSY));
	pending.set(sandbox.id, queued + 1);
	const previous = tails.get(sandbox.id) ?? Promise.resolve();
	const run = previous.then(() => runInTurn(sandbox, request));
	const tail = run
		.catch(() => {})
		.finally(() => {
			const left = (pending.get(sandbox.id) ?? 1) - 1;
			if (left > 0) pending.set(sandbox.id, left);
			else pending.delete(sandbox.id);
		});
	tails.set(sandbox.id, tail);
	void tail.then(() => tails.get(sandbox.id) === tail && tails.delete(sandbox.id));
	return run;
}

/** A learner's batches run one after another, so the quota's checks cannot be raced. */
const tails = new Map<string, Promise<unknown>>();
/**
 * A learner's batches running or waiting: one running and up to seven waiting. A fix-the-bug
 * check plays several workers at once, each with a batch in flight; more is a runaway page.
 */
const pending = new Map<string, number>();
export const MAX_PENDING_BATCHES = 8;

export const BATCH_BUSY = 'Your previous batch is still running; try again when it finishes.';
/** A third batch while one runs and one waits: the route answers 409 with its sentence. */
export class BatchBusyError extends Error {}

async function runInTurn(
	sandbox: Sandbox,
	{ commands, atomic = false, lab = false, end = false }: RunRequest
) {
	try {
		if (!commands.length) return { replies: [], trace: [] };
		return lab ? await onLab(sandbox, commands, atomic) : await onShared(sandbox, commands, atomic);
	} finally {
		if (end) await stopLabSession(sandbox.id);
	}
}

/** A command ready to run: its plan, and for the shared server what the namespace made of it. */
type Step = { argv: string[] } & (
	| { kind: 'refused'; reason: string }
	| { kind: 'keys'; pattern: string }
	| { kind: 'send'; name: string; sent: string[]; script?: LuaScript; moved: Moved | null }
);

interface Target {
	/** The traced client: every command it sends is recorded in `recorder`. */
	redis: Redis;
	recorder: Recorder;
	ns: Namespace | null;
	/** The learner's connection under `redis`, for reading their key index (KEYS). */
	connection: Redis | null;
}

async function onShared(sandbox: Sandbox, commands: string[][], atomic: boolean) {
	const connection = await sandbox.consoleConnection();
	const { ns } = sandbox;
	const planned = commands.map((argv) =>
		stepOf(argv, planCommand(argv, { lab: false, atomic }), ns)
	);
	const sends = planned.filter((step): step is Send => step.kind === 'send');
	const admitted = await admitBatch(
		connection,
		sandbox,
		sends.map(({ name, sent, moved }) => ({ name, argv: sent, keys: moved?.keys ?? [] }))
	);
	const refusedByQuota = new Set(sends.filter((_, i) => !admitted[i]));
	const steps: Step[] = planned.map((step) =>
		refusedByQuota.has(step as Send)
			? { argv: step.argv, kind: 'refused', reason: quotaMessage() }
			: step
	);
	const recorder = newRecorder();
	const redis = tracedRedis(connection, recorder, { ns, redisReplies: true });
	const replies = await run({ redis, recorder, ns, connection }, steps, atomic);
	const written = steps.flatMap((step, i) =>
		step.kind === 'send' && step.moved && !isError(replies[i]!) ? [step.moved] : []
	);
	await Promise.all(written.map((moved) => trackWrites(connection, sandbox, moved)));
	for (const entry of recorder.trace) {
		if (entry.reply.startsWith('(error)')) entry.reply = ns.hide(entry.reply);
	}
	return { replies, trace: recorder.trace };
}

const BUSY_SCRIPT = `your script ran longer than ${SCRIPT_LIMIT_MS / 1000} s; the lab server was stopped`;
const LAB_GONE =
	'the lab server stopped answering; it was stopped, and the next lab batch starts a new one';

async function onLab(sandbox: Sandbox, commands: string[][], atomic: boolean) {
	const session = await labSession(sandbox.id);
	session.touch();
	const { recorder } = session;
	recorder.trace.length = 0;
	recorder.argChars = 0;
	const steps = commands.map((argv) =>
		stepOf(argv, planCommand(argv, { lab: true, atomic }), null)
	);
	const started = performance.now();
	const running = run(
		{ redis: withRedisReplies(session.lab.redis), recorder, ns: null, connection: null },
		steps,
		atomic
	);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timedOut = new Promise<'timed out'>((resolve) => {
		timer = setTimeout(() => resolve('timed out'), SCRIPT_LIMIT_MS);
	});
	try {
		const replies = await Promise.race([running, timedOut]);
		if (replies !== 'timed out') return { replies, trace: [...recorder.trace] };
		running.catch(() => {}); // its connection is closed under it
		await session.stop({ kill: true });
		return stopped(steps, recorder, BUSY_SCRIPT, performance.now() - started);
	} catch (error) {
		if (!isConnectionError(error)) throw error;
		await session.stop({ kill: true });
		return stopped(steps, recorder, LAB_GONE, performance.now() - started);
	} finally {
		clearTimeout(timer);
		session.touch();
	}
}

/** The answer when the lab was stopped under a batch: every command says why. */
function stopped(steps: Step[], recorder: Recorder, why: string, ms: number): RunResponse {
	const trace = [
		...recorder.trace,
		...steps.map((step) => entryOf(step.argv, `(error) ${why}`, ms))
	];
	return { replies: steps.map(() => ({ error: why })), trace };
}

function stepOf(argv: string[], plan: Plan, ns: Namespace | null): Step {
	if (plan.kind !== 'send') return { argv, ...plan };
	let moved: Moved | null;
	try {
		moved = ns && ns.move(plan.argv); // keys that cannot be located are refused, as in the console
	} catch (error) {
		return { argv, kind: 'refused', reason: (error as Error).message };
	}
	return { argv, kind: 'send', name: plan.name, sent: plan.argv, script: plan.script, moved };
}

async function run(target: Target, steps: Step[], atomic: boolean): Promise<RunReply[]> {
	if (atomic) return transaction(target, steps);
	const replies: RunReply[] = [];
	for (let i = 0; i < steps.length;) {
		const step = steps[i]!;
		if (step.kind !== 'send') {
			replies.push(await alone(target, step));
			i++;
			continue;
		}
		// Consecutive commands go in one pipeline; SCAN on the shared server walks the index alone.
		let j = i + 1;
		if (isPipelined(step)) while (j < steps.length && isPipelined(steps[j]!)) j++;
		const group = steps.slice(i, j) as Send[];
		replies.push(
			...(group.length === 1 ? [await single(target, group[0]!)] : await pipeline(target, group))
		);
		i = j;
	}
	return replies;
}

type Send = Extract<Step, { kind: 'send' }>;
const isPipelined = (step: Step) => step.kind === 'send' && !step.moved?.scan;

/** A refused command (not sent) or KEYS (from the learner's key index). */
async function alone(target: Target, step: Exclude<Step, Send>): Promise<RunReply> {
	if (step.kind === 'refused') {
		target.recorder.trace.push(entryOf(step.argv, `(error) ${step.reason}`, 0));
		return { error: step.reason };
	}
	const started = performance.now();
	const names = (
		await indexedKeys(target.connection!, target.ns!, step.pattern, LIMITS.keys)
	).sort();
	target.recorder.trace.push(entryOf(step.argv, formatReply(names), performance.now() - started));
	return names;
}

/** One command as a demo sends one; a course script by runScript (NOSCRIPT: load, run again). */
async function single(target: Target, step: Send): Promise<RunReply> {
	const [command, ...args] = methodArgs(step.sent);
	try {
		if (step.script && /^\d+$/.test(args[1] ?? '')) {
			const numkeys = Number(args[1]);
			const keys = args.slice(2, 2 + numkeys);
			return json(
				await runScript(target.redis, step.script, keys, args.slice(2 + numkeys)),
				target.ns
			);
		}
		return json(await call(target.redis, command!, args), target.ns);
	} catch (error) {
		if (isConnectionError(error)) throw error;
		return { error: hide(target.ns, (error as Error).message) };
	}
}

/**
 * A pipeline of several commands: one round trip. The course scripts it runs are loaded first,
 * in the same round trip, so that an EVALSHA finds its script on a server that restarted.
 */
async function pipeline(target: Target, steps: Send[]): Promise<RunReply[]> {
	const batch = target.redis.pipeline();
	const loads = preload(batch, steps);
	for (const step of steps) {
		const [command, ...args] = methodArgs(step.sent);
		call(batch, command!, args);
	}
	return repliesAfterLoads(target, steps, loads, await batch.exec());
}

/** One MULTI ... EXEC; nothing is sent if any command is refused, and then each says EXECABORT. */
async function transaction(target: Target, steps: Step[]): Promise<RunReply[]> {
	if (steps.some((step) => step.kind !== 'send')) {
		return steps.map((step) => {
			if (step.kind !== 'refused') return { error: EXECABORT };
			target.recorder.trace.push(entryOf(step.argv, `(error) ${step.reason}`, 0));
			return { error: step.reason };
		});
	}
	const sends = steps as Send[];
	const multi = target.redis.multi();
	const loads = preload(multi, sends);
	for (const step of sends) {
		const [command, ...args] = methodArgs(step.sent);
		call(multi, command!, args);
	}
	const started = performance.now();
	let results: Results;
	try {
		results = await multi.exec();
	} catch (error) {
		// Refused when queued (EXECABORT): a command the server would not take, nothing ran.
		if (isConnectionError(error)) throw error;
		const message = hide(target.ns, (error as Error).message);
		target.recorder.trace.push({
			...entryOf(['EXEC'], `(error) ${message}`, performance.now() - started),
			batch: 'multi'
		});
		return sends.map(() => ({ error: message }));
	}
	return repliesAfterLoads(target, sends, loads, results);
}

const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';

type Queue = { script(...args: string[]): unknown };

/** SCRIPT LOAD of each course script the batch runs, queued before the batch's commands. */
function preload(batch: Queue, steps: Send[]): LuaScript[] {
	const scripts = [...new Set(steps.flatMap((step) => (step.script ? [step.script] : [])))];
	for (const script of scripts) batch.script('LOAD', script.source);
	return scripts;
}

type Results = [Error | null, unknown][] | null;

/**
 * The replies of the batch's own commands, after the SCRIPT LOADs `preload` queued first. A load
 * that failed is the reason its script's commands failed (theirs would say NOSCRIPT); one that
 * still ran (the server had the script already) answers what it did. Every reply is read: no
 * failure of Redis's, the batch's or a load's is taken for success.
 */
function repliesAfterLoads(
	target: Target,
	steps: Send[],
	loads: LuaScript[],
	results: Results
): RunReply[] {
	// A MULTI resolves to null only when a WATCH aborted it, and a pipeline never does: neither
	// can happen here, but a batch without its replies is a failure, not an empty success.
	if (!results || results.length !== loads.length + steps.length) {
		throw new Error(
			`the batch answered ${results?.length ?? 'no'} replies for ${loads.length + steps.length} commands`
		);
	}
	const failedLoads = new Map<LuaScript, Error>();
	loads.forEach((script, i) => {
		const [error] = results[i]!;
		if (error && isConnectionError(error)) throw error;
		if (error) failedLoads.set(script, error);
	});
	return steps.map((step, i) => {
		const [error, value] = results[loads.length + i]!;
		const failedLoad = step.script && failedLoads.get(step.script);
		if (error && failedLoad && !isConnectionError(error)) {
			return replyOf(target, new Error(`${COURSE_SCRIPT_NOT_LOADED}: ${failedLoad.message}`), null);
		}
		return replyOf(target, error, value);
	});
}

export const COURSE_SCRIPT_NOT_LOADED = 'the course script could not be loaded';

/** `['SET', 'k', 'v']` as the traced client's method name and its arguments. */
const methodArgs = ([command, ...args]: string[]) => [command!.toLowerCase(), ...args];

type Commands = Record<string, (...args: string[]) => unknown>;
const call = (target: object, command: string, args: string[]) =>
	(target as Commands)[command]!(...args) as Promise<unknown>;

function replyOf(target: Target, error: Error | null, value: unknown): RunReply {
	if (!error) return json(value, target.ns);
	if (isConnectionError(error)) throw error;
	return { error: hide(target.ns, error.message) };
}

const hide = (ns: Namespace | null, message: string) => (ns ? ns.hide(message) : message);

const isError = (reply: RunReply) =>
	typeof reply === 'object' && reply !== null && !Array.isArray(reply) && 'error' in reply;

/**
 * A reply as JSON: bulk strings as text, integers as numbers, nil as null, arrays as arrays. The
 * traced client answers Redis's own replies here (`redisReplies`): HGETALL is the flat list
 * Redis sent, in its order, which the browser's client turns into an object as ioredis does.
 */
function json(value: unknown, ns: Namespace | null): Json {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return value;
	if (typeof value === 'bigint') return Number(value);
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	if (value instanceof Error) return { error: hide(ns, value.message) };
	if (Array.isArray(value)) return value.map((item) => json(item, ns));
	return String(value);
}

/** A trace entry for what the traced client did not send (a refusal) or answered itself (KEYS). */
function entryOf(argv: string[], reply: string, ms: number): TraceEntry {
	return {
		cmd: argv[0]!.toUpperCase().slice(0, 64),
		args: argv.slice(1).map(shownArg),
		reply: shorten(reply),
		ms
	};
}
