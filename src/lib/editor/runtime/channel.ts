import type { DbRequest, DbResponse, RunRequest, RunResponse } from '../protocol';
import type { MemoryRequest, MemoryResponse } from './memory';

/**
 * Where a learner's version sends its Redis batches and its database calls, and reads the
 * course's app-server memory for the learner: the server, or a test.
 */
export interface Channel {
	run(request: RunRequest): Promise<RunResponse>;
	db(request: DbRequest): Promise<DbResponse>;
	memory(request: MemoryRequest): Promise<MemoryResponse>;
}

/** A channel for one run: where its batches go, and how to end it (a lab is stopped). */
export interface RunChannel extends Channel {
	readonly ranOn: 'shared' | 'lab';
	end(): Promise<void>;
}

/**
 * The channel as one run uses it. With `lab` (a version whose Lua is not the course's), every
 * batch goes to the learner's private lab server, and the run ends with an empty batch that
 * stops it; otherwise to the shared server, and there is nothing to end.
 */
export function runChannel(channel: Channel, lab: boolean): RunChannel {
	return {
		ranOn: lab ? 'lab' : 'shared',
		run: (request) => channel.run(lab ? { ...request, lab: true } : request),
		db: (request) => channel.db(request),
		memory: (request) => channel.memory(request),
		async end() {
			if (lab) await channel.run({ commands: [], lab: true, end: true });
		}
	};
}

/** The channel could not carry a request at all (too many commands, the server away, ...). */
export class ChannelError extends Error {
	constructor(
		message: string,
		readonly status?: number,
		/** With a 429: when to try again. */
		readonly retryAfterSeconds?: number
	) {
		super(message);
		this.name = 'ChannelError';
	}
}
