import type { PatternContext } from '../../pattern-support';
import { applyToDatabase, type QueuedWrite } from '../../patterns/write-behind';

/** The lists of one write-behind queue: what the app queued, what a flush holds, what failed. */
export interface FlushKeys {
	queue: string;
	processing: string;
	failed: string;
}

/**
 * Writes the queued changes to the database, oldest first, one at a time. A change the database
 * refuses (a duplicate email, say) is parked in `failed` for a person to look at.
 */
export async function flush(ctx: PatternContext, keys: FlushKeys) {
	const apply = applyToDatabase(ctx);
	const applied: QueuedWrite[] = [];
	const refused: QueuedWrite[] = [];
	let raw: string | null;
	while ((raw = await ctx.redis.lpop(keys.queue)) !== null) {
		const write = JSON.parse(raw) as QueuedWrite;
		if ((await apply([write])).length) {
			await ctx.redis.rpush(keys.failed, raw);
			refused.push(write);
		} else applied.push(write);
	}
	return { applied, refused };
}
