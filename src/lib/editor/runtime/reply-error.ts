/**
 * An error Redis answered (or the command channel's refusal, in the same place), as ioredis
 * gives it: a `ReplyError` whose message is Redis's own line, e.g. `NOSCRIPT No matching script`.
 */
export class ReplyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReplyError';
	}
}
