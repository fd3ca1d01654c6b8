import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

export interface SlowCommand {
	id: number;
	/** When it ran, by the server's clock. */
	at: Date;
	/** How long it ran inside Redis, in microseconds: no network, no waiting in line. */
	micros: number;
	command: string;
	/** Which connection sent it (address:port). */
	client: string;
}

type SlowlogEntry = [number, number, number, string[], string, string];

/**
 * The server's slowest recent commands, newest first: each one that ran longer than
 * `slowlog-log-slower-than` (10,000 µs by default). Everyone else waited while it ran.
 */
export async function slowCommands(redis: Redis, count = 10): Promise<SlowCommand[]> {
	const entries = (await redis.slowlog('GET', count)) as SlowlogEntry[];
	return entries.map(([id, at, micros, args, client]) => ({
		id,
		at: new Date(at * 1000),
		micros,
		command: args.join(' '),
		client
	}));
}
