import type { Redis } from 'ioredis';
import type { InstanceMemory, PatternContext } from '$lib/server/pattern-support/context';
import type { SqlEntry, TraceEntry } from '$lib/types';
import type { Channel } from './channel';
import { createDbClient, type EditorDb } from './db-client';
import { createMemory } from './memory';
import { createRedisClient } from './redis-client';

/**
 * What a learner's version receives in the browser: the same shape as a PatternContext on the
 * server (redis, db, clock, memory), over the command channel. What only a server can open (a
 * connection of its own, a subscription, a lab server) is refused with a sentence saying so.
 */
export type EditorContext = Omit<PatternContext, 'db'> & {
	db: EditorDb;
	/** The same sandbox, each command and statement of that context labelled with who sent it. */
	actor(label: string): EditorContext;
};

/** Every round trip's trace and statements of a run, in order, across its actors. */
export interface RunLog {
	trace: TraceEntry[];
	sql: SqlEntry[];
}

/**
 * What a step hook throws to stop an actor there, as a process dying between two commands
 * would: that round trip happened, and nothing the actor sends afterwards leaves it.
 */
export class Crash extends Error {
	constructor(message = 'the process crashed') {
		super(message);
		this.name = 'Crash';
	}
}

export interface ContextOptions {
	/** Who sends the commands ("worker A"): set on each of their trace and SQL entries. */
	actor?: string;
	/** Awaited after each round trip of this context (a Redis batch or a db call), numbered from 1. */
	onStep?: (step: number) => void | Promise<void>;
	/** Where the trace and statements go; shared by the contexts of one run. */
	log?: RunLog;
	memory?: InstanceMemory;
}

const unavailable = (what: string, why: string) => () =>
	Promise.reject(
		new Error(
			`${what} is not available in your version of the pattern: ${why} runs only in the course's own version, on the server.`
		)
	);

export function createContext(channel: Channel, options: ContextOptions = {}): EditorContext {
	const { actor, onStep } = options;
	const log = options.log ?? { trace: [], sql: [] };
	const memory = options.memory ?? createMemory();
	let step = 0;
	let crashed: Crash | undefined;

	/** One round trip: refused once the actor has crashed; the step hook heard after it. */
	async function roundTrip<T>(send: () => Promise<T>): Promise<T> {
		if (crashed) throw crashed;
		const answer = await send();
		try {
			await onStep?.(++step);
		} catch (error) {
			if (error instanceof Crash) crashed = error;
			throw error;
		}
		return answer;
	}

	const labelled = <E extends object>(entry: E, label = actor): E =>
		label ? { ...entry, actor: label } : entry;

	const redis = createRedisClient((commands, atomic) =>
		roundTrip(async () => {
			const { replies, trace } = await channel.run({ commands, atomic });
			log.trace.push(...trace.map((entry) => labelled(entry)));
			return replies;
		})
	) as Redis; // ioredis-like: the commands, call, multi and pipeline (no connection methods)

	const db = createDbClient(
		(request, label) =>
			roundTrip(async () => {
				const answer = await channel.db(request);
				log.sql.push(...answer.sql.map((entry) => labelled(entry, label ?? actor)));
				return answer;
			}),
		actor
	);

	return {
		redis,
		db,
		clock: {
			now: () => Date.now(),
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
		},
		memory,
		ownConnection: unavailable(
			'ownConnection()',
			'a connection of its own (for blocking commands and WATCH)'
		),
		subscribe: unavailable('subscribe()', 'listening to a channel'),
		lab: unavailable('lab()', 'a private lab server'),
		clusterLab: unavailable('clusterLab()', 'a private cluster'),
		actor: (label) => createContext(channel, { actor: label, log, memory })
	};
}
