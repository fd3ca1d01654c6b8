import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

/** How long a background save or AOF rewrite may take before we stop waiting for it. */
export const BACKGROUND_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

/** INFO persistence as field → value: `rdb_bgsave_in_progress` → `'0'`. */
export async function persistenceInfo(redis: Redis): Promise<Record<string, string>> {
	const fields: Record<string, string> = {};
	for (const line of (await redis.info('persistence')).split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
	}
	return fields;
}

export interface Finished {
	/** INFO persistence once the job is over. */
	info: Record<string, string>;
	/** How many times INFO was asked, the last one included. */
	polls: number;
}

/** Asks INFO persistence until `running` says the background job is over, within the bound. */
async function untilFinished(
	redis: Redis,
	running: (info: Record<string, string>) => boolean
): Promise<Finished> {
	const deadline = Date.now() + BACKGROUND_TIMEOUT_MS;
	for (let polls = 1; ; polls++) {
		const info = await persistenceInfo(redis);
		if (!running(info)) return { info, polls };
		if (Date.now() > deadline) {
			throw new Error(`still running after ${BACKGROUND_TIMEOUT_MS / 1000} s`);
		}
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

/**
 * A snapshot you can rely on: BGSAVE only starts a child process and answers at once, so wait
 * until it is done and check how it ended before copying dump.rdb anywhere.
 */
export async function backgroundSave(redis: Redis): Promise<Finished> {
	await redis.bgsave();
	const done = await untilFinished(redis, (info) => info.rdb_bgsave_in_progress === '1');
	if (done.info.rdb_last_bgsave_status !== 'ok') throw new Error('the background save failed');
	return done;
}

/** The same for BGREWRITEAOF, which may also wait its turn behind a running save (scheduled). */
export async function rewriteAppendOnlyFile(redis: Redis): Promise<Finished> {
	await redis.bgrewriteaof();
	const done = await untilFinished(
		redis,
		(info) => info.aof_rewrite_in_progress === '1' || info.aof_rewrite_scheduled === '1'
	);
	if (done.info.aof_last_bgrewrite_status !== 'ok') throw new Error('the AOF rewrite failed');
	return done;
}
