import type { PatternContext } from '../../pattern-support';
import { execAll, moveAllBack, runScript } from '../../pattern-support';
import {
	FLUSH_MAX_ITEMS,
	TAKE, // the course's script: moves a batch from the queue to processing in one step
	applyToDatabase,
	latestPerField,
	type QueuedWrite
} from '../../patterns/write-behind';

/** The lists of one write-behind queue: what the app queued, what a flush holds, what failed. */
export interface FlushKeys {
	queue: string;
	processing: string;
	failed: string;
}

/**
 * Writes the queued changes to the database, as the course's flusher does: first put back what
 * a crashed flush left in `processing`; move a batch from the queue to `processing` in one step;
 * commit it; only then drop it from Redis. At every instant a change is in the queue, in
 * `processing`, or in the database. A change the database refuses (a duplicate email, say) is
 * parked in `failed` for a person to look at. Run one flusher per queue.
 */
export async function flush(ctx: PatternContext, keys: FlushKeys) {
	const { redis } = ctx;
	const recovered = await moveAllBack(redis, keys.processing, keys.queue);
	const raws = (await runScript(
		redis,
		TAKE,
		[keys.queue, keys.processing],
		[FLUSH_MAX_ITEMS]
	)) as string[];
	if (!raws.length) return { recovered, applied: [], refused: [] };
	const writes = latestPerField(raws.map((raw) => JSON.parse(raw) as QueuedWrite));
	const refused = await applyToDatabase(ctx)(writes); // if this throws, the batch waits in processing
	const acknowledge = redis.multi();
	if (refused.length) acknowledge.rpush(keys.failed, ...refused.map((w) => JSON.stringify(w)));
	await execAll(acknowledge.del(keys.processing));
	return { recovered, applied: writes.filter((w) => !refused.includes(w)), refused };
}
