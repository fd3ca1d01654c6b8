import type { PatternContext } from '../pattern-support';
import { execAll, moveAllBack } from '../pattern-support';

export const QUEUE_KEY = 'write-behind:queue';
export const PROCESSING_KEY = 'write-behind:processing';
/** Writes the database refused (a duplicate email, say): kept for a person to look at. */
export const FAILED_KEY = 'write-behind:failed';
/** How many queued writes one flush applies at most, so one call stays short. */
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
 * ("add 1"), so applying it a second time, after a crash between the commit and the LREM, leaves
 * the same row. That holds because one flusher applies the queue in order.
 */
export interface QueuedWrite {
	customerId: number;
	field: Field;
	value: string;
	queuedAt: number;
}

/** What a flush does with each write it takes; resolves once the write has committed. */
export type Apply = (item: QueuedWrite) => Promise<unknown>;

export interface FlushOptions {
	/** Writes the item to the database: `applyToDatabase` unless the caller brings its own. */
	apply?: Apply;
	max?: number;
}

/**
 * The write: the new value goes into the cached copy and the queue in one MULTI, so no reader
 * sees a value that is not queued for the database, and no queued write is missing from the
 * cache. No TTL on the copy: while the write is pending, an expiry would send readers to the old
 * row. The database is not touched.
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

/** Writes one queued value to SQLite; resolves once the statement has committed. */
export const applyToDatabase =
	({ db }: PatternContext): Apply =>
	(item) =>
		db.run(UPDATE_FIELD[item.field], item.value, item.customerId);

const isConstraintError = (error: unknown) =>
	String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT');

/**
 * Puts back what a crashed flush left in the processing list, at the head of the queue and in
 * its order, so it is applied next. Run it only when no flush is running: at a flusher's start.
 */
export const recover = ({ redis }: PatternContext) => moveAllBack(redis, PROCESSING_KEY, QUEUE_KEY);

/**
 * The reliable flusher. LMOVE hands the oldest write to the processing list in one atomic step,
 * and LREM acknowledges it only after SQLite has committed it: at every instant the write is in
 * the queue, in the processing list, or in the database. Run one flusher per queue; two would
 * apply one customer's writes out of order.
 */
export async function flush(ctx: PatternContext, options: FlushOptions = {}) {
	const { redis } = ctx;
	const { apply = applyToDatabase(ctx), max = FLUSH_MAX_ITEMS } = options;
	const recovered = await recover(ctx);
	const applied: QueuedWrite[] = [];
	const failed: QueuedWrite[] = [];
	while (applied.length + failed.length < max) {
		const raw = await redis.lmove(QUEUE_KEY, PROCESSING_KEY, 'LEFT', 'RIGHT');
		if (raw === null) break;
		const item = JSON.parse(raw) as QueuedWrite;
		try {
			await apply(item);
		} catch (error) {
			if (!isConstraintError(error)) throw error; // left in processing: the next flush retries
			// Retrying cannot fix a refused write: park it rather than block the queue behind it,
			// and drop the refused value from the cache so that readers see the database's.
			await execAll(
				redis
					.multi()
					.lrem(PROCESSING_KEY, 1, raw)
					.rpush(FAILED_KEY, raw)
					.hdel(cacheKey(item.customerId), item.field)
			);
			failed.push(item);
			continue;
		}
		await redis.lrem(PROCESSING_KEY, 1, raw);
		applied.push(item);
	}
	return { recovered, applied, failed };
}

/**
 * The classic recipe's flusher: LPOP, then write. Between the two, the write exists only in
 * this process's memory; a crash there loses it for good.
 */
export async function naiveFlush(ctx: PatternContext, options: FlushOptions = {}) {
	const { apply = applyToDatabase(ctx), max = FLUSH_MAX_ITEMS } = options;
	const applied: QueuedWrite[] = [];
	while (applied.length < max) {
		const raw = await ctx.redis.lpop(QUEUE_KEY);
		if (raw === null) break;
		const item = JSON.parse(raw) as QueuedWrite;
		await apply(item);
		applied.push(item);
	}
	return { applied };
}
