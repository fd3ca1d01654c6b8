import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, moveAllBack, runScript } from '../pattern-support';

export const QUEUE_KEY = 'write-behind:queue';
export const PROCESSING_KEY = 'write-behind:processing';
/** Writes the database refused (a duplicate email, say): kept for a person to look at. */
export const FAILED_KEY = 'write-behind:failed';
/** How many queued writes one flush takes at most, so one transaction stays short. */
export const FLUSH_MAX_ITEMS = 100;

export const FIELDS = ['email', 'city'] as const;
export type Field = (typeof FIELDS)[number];

/** The customer's cached copy: a hash of the fields written through the cache. */
export const cacheKey = (customerId: number) => `customer:${customerId}`;

const UPDATE_FIELD: Record<Field, string> = {
	email: 'UPDATE customers SET email = ? WHERE id = ?',
	city: 'UPDATE customers SET city = ? WHERE id = ?'
};

/**
 * One queued write. It carries the field's whole new value ("city is now Paris"), never a change
 * ("add 1"), so only the latest value of a field matters, and applying a batch a second time,
 * after a crash between the commit and the acknowledgement, leaves the same rows.
 */
export interface QueuedWrite {
	customerId: number;
	field: Field;
	value: string;
	queuedAt: number;
}

/** Writes a batch to the database; resolves, once committed, to the writes it refused. */
export type Apply = (writes: QueuedWrite[]) => Promise<QueuedWrite[]>;

export interface FlushOptions {
	/** Writes the batch to the database: `applyToDatabase` unless the caller brings its own. */
	apply?: Apply;
	max?: number;
}

/**
 * The write: the new value goes into the cached copy and the queue in one MULTI, so no reader
 * sees a value that is not queued for the database, and no queued write is missing from the
 * cache. No TTL on the copy: while the write is pending, an expiry would send readers to the old
 * row. The database is not touched. The caller watches `queueLength` for backpressure.
 */
export async function writeBehind(
	{ redis, clock }: PatternContext,
	customerId: number,
	field: Field,
	value: string
) {
	const item: QueuedWrite = { customerId, field, value, queuedAt: clock.now() };
	const [, queueLength] = await execAll(
		redis.multi().hset(cacheKey(customerId), field, value).rpush(QUEUE_KEY, JSON.stringify(item))
	);
	return { item, queueLength: Number(queueLength) };
}

/** Five writes of customer 3's city become one: the last. Keeps queue order otherwise. */
export function latestPerField(items: QueuedWrite[]): QueuedWrite[] {
	const latest = new Map<string, QueuedWrite>();
	for (const item of items) {
		const slot = `${item.customerId}:${item.field}`;
		latest.delete(slot);
		latest.set(slot, item);
	}
	return [...latest.values()];
}

const isConstraintError = (error: unknown) =>
	String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT');

const statementOf = (w: QueuedWrite): [string, string, number] => [
	UPDATE_FIELD[w.field],
	w.value,
	w.customerId
];

/** The whole batch in one SQLite transaction, one UPDATE per row and field. */
export const applyToDatabase =
	({ db }: PatternContext): Apply =>
	async (writes) => {
		try {
			await db.transaction(writes.map(statementOf));
			return [];
		} catch (error) {
			if (!isConstraintError(error)) throw error;
		}
		// One refused write rolled back the whole batch: apply them one by one to find it.
		const refused: QueuedWrite[] = [];
		for (const write of writes) {
			await db.run(...statementOf(write)).catch((error: unknown) => {
				if (!isConstraintError(error)) throw error;
				refused.push(write);
			});
		}
		return refused;
	};

/** Moves up to ARGV[1] writes from the head of the queue to the processing list, atomically. */
export const TAKE = defineScript(`
local taken = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #taken > 0 then
  redis.call('RPUSH', KEYS[2], unpack(taken))
  redis.call('LTRIM', KEYS[1], #taken, -1)
end
return taken`);

/**
 * Acknowledges a committed batch: parks the refused writes and drops each from the cache unless
 * a newer value is cached by now (it is queued, and must not be erased), then empties processing.
 * KEYS: processing, failed, one cached copy per refused write; ARGV: raw, field, value for each.
 */
const ACKNOWLEDGE = defineScript(`
for i = 3, #KEYS do
  local raw, field, value = ARGV[3 * i - 8], ARGV[3 * i - 7], ARGV[3 * i - 6]
  redis.call('RPUSH', KEYS[2], raw)
  if redis.call('HGET', KEYS[i], field) == value then redis.call('HDEL', KEYS[i], field) end
end
return redis.call('DEL', KEYS[1])`);

/**
 * Puts back what a crashed flush left in the processing list, at the head of the queue and in
 * its order, so it is applied next. Run it only when no flush is running: at a flusher's start.
 */
export const recover = ({ redis }: PatternContext) => moveAllBack(redis, PROCESSING_KEY, QUEUE_KEY);

/**
 * The reliable flusher. A script moves a batch from the queue to the processing list in one
 * step; the batch is coalesced (the latest value per row and field), committed in one
 * transaction, and only then acknowledged: at every instant a write is in the queue, in the
 * processing list, or in the database. Run one flusher per queue: two would apply one
 * customer's writes out of order.
 */
export async function flush(ctx: PatternContext, options: FlushOptions = {}) {
	const { redis } = ctx;
	const { apply = applyToDatabase(ctx), max = FLUSH_MAX_ITEMS } = options;
	const recovered = await recover(ctx);
	const raws = (await runScript(redis, TAKE, [QUEUE_KEY, PROCESSING_KEY], [max])) as string[];
	if (!raws.length) return { recovered, taken: [], applied: [], failed: [] };
	const taken = raws.map((raw) => JSON.parse(raw) as QueuedWrite);
	const writes = latestPerField(taken);
	const failed = await apply(writes); // if this throws, the batch waits in processing
	await runScript(
		redis,
		ACKNOWLEDGE,
		[PROCESSING_KEY, FAILED_KEY, ...failed.map((w) => cacheKey(w.customerId))],
		failed.flatMap((w) => [JSON.stringify(w), w.field, w.value])
	);
	return { recovered, taken, applied: writes.filter((w) => !failed.includes(w)), failed };
}

/** How long the oldest queued write has waited, in ms (0 when the queue is empty): alert on it. */
export async function queueLagMs({ redis, clock }: PatternContext) {
	const oldest = await redis.lindex(QUEUE_KEY, 0);
	return oldest ? clock.now() - (JSON.parse(oldest) as QueuedWrite).queuedAt : 0;
}

/**
 * The classic recipe's flusher: LPOP, then write. Between the two, the writes exist only in
 * this process's memory; a crash there loses them for good.
 */
export async function naiveFlush(ctx: PatternContext, options: FlushOptions = {}) {
	const { apply = applyToDatabase(ctx), max = FLUSH_MAX_ITEMS } = options;
	const raws = (await ctx.redis.lpop(QUEUE_KEY, max)) ?? [];
	const writes = latestPerField(raws.map((raw) => JSON.parse(raw) as QueuedWrite));
	if (writes.length) await apply(writes);
	return { applied: writes };
}
