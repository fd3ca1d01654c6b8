import type { DbRequest, DbResponse, RunRequest, RunResponse } from '../protocol';

/** Where a learner's version sends its Redis batches and its database calls: the server, or a test. */
export interface Channel {
	run(request: RunRequest): Promise<RunResponse>;
	db(request: DbRequest): Promise<DbResponse>;
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
