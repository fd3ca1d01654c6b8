import type { ChainableCommander } from 'ioredis';
import type { PatternContext } from '../pattern-support';

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

/** A queued write as a log line would show it: "customer 1 city = Paris". */
export const describeWrite = ({ customerId, field, value }: QueuedWrite) =>
	`customer ${customerId} ${field} = ${value}`;

/** Thrown by a flush started with `crashAfterMove`: it stops where a process crash would. */
export class FlushCrashed extends Error {
	constructor(readonly item: string) {
		super('the flush stopped after taking an item and before writing it to SQLite');
	}
}

export interface FlushOptions {
	/** Stop after the first item leaves the queue, before SQLite sees it (the crash demo, tests). */
	crashAfterMove?: boolean;
	max?: number;
}

/** Sends a MULTI or a pipeline and returns its replies, throwing the first error among them. */
async function execAll(batch: ChainableCommander) {
	const replies = (await batch.exec()) ?? [];
	const failed = replies.find(([error]) => error);
	if (failed) throw failed[0];
	return replies.map(([, reply]) => reply);
}

/**
 * The write: the new value goes into the cached copy and the queue in one MULTI, so no reader
 * sees a value that is not queued for the database, and no queued write is missing from the
 * cache. No TTL on the copy: while the write is pending, an expiry would send readers to the old
 * row. The database is not touched.
 */
export async function writeBehind(
	{ redis }: PatternContext,
	customerId: number,
	field: Field,
	value: string
) {
	const item: QueuedWrite = { customerId, field, value, queuedAt: Date.now() };
	const [, queueLength] = await execAll(
		redis.multi().hset(cacheKey(customerId), field, value).rpush(QUEUE_KEY, JSON.stringify(item))
	);
	return { item, queueLength: Number(queueLength) };
}

/** Writes one queued value to SQLite; resolves once the statement has committed. */
export const apply = ({ db }: PatternContext, item: QueuedWrite) =>
	db.run(UPDATE_FIELD[item.field], item.value, item.customerId);

const isConstraintError = (error: unknown) =>
	String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT');

/**
 * Puts back what a crashed flush left in the processing list, at the head of the queue and in
 * its order, so it is applied next. Run it only when no flush is running: at a flusher's start.
 */
export async function recover({ redis }: PatternContext): Promise<number> {
	let moved = 0;
	while ((await redis.lmove(PROCESSING_KEY, QUEUE_KEY, 'RIGHT', 'LEFT')) !== null) moved++;
	return moved;
}

/**
 * The reliable flusher. LMOVE hands the oldest write to the processing list in one atomic step,
 * and LREM acknowledges it only after SQLite has committed it: at every instant the write is in
 * the queue, in the processing list, or in the database. Run one flusher per queue; two would
 * apply one customer's writes out of order.
 */
export async function flush(ctx: PatternContext, options: FlushOptions = {}) {
	const { redis } = ctx;
	const { crashAfterMove = false, max = FLUSH_MAX_ITEMS } = options;
	const recovered = await recover(ctx);
	const applied: QueuedWrite[] = [];
	const failed: QueuedWrite[] = [];
	while (applied.length + failed.length < max) {
		const raw = await redis.lmove(QUEUE_KEY, PROCESSING_KEY, 'LEFT', 'RIGHT');
		if (raw === null) break;
		if (crashAfterMove) throw new FlushCrashed(raw);
		const item = JSON.parse(raw) as QueuedWrite;
		try {
			await apply(ctx, item);
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
	const { crashAfterMove = false, max = FLUSH_MAX_ITEMS } = options;
	const applied: QueuedWrite[] = [];
	while (applied.length < max) {
		const raw = await ctx.redis.lpop(QUEUE_KEY);
		if (raw === null) break;
		if (crashAfterMove) throw new FlushCrashed(raw);
		const item = JSON.parse(raw) as QueuedWrite;
		await apply(ctx, item);
		applied.push(item);
	}
	return { applied };
}

export interface CustomerCopy {
	customer: number;
	copy: string;
	email: string;
	city: string;
}

/**
 * How far the database lags behind the cache: the queue's and the processing list's lengths,
 * and each customer's cached fields next to their row in SQLite.
 */
export async function lag({ redis, db }: PatternContext, customerIds: number[]) {
	const batch = redis.pipeline().llen(QUEUE_KEY).llen(PROCESSING_KEY);
	for (const id of customerIds) batch.hgetall(cacheKey(id));
	const [queue, processing, ...cached] = await execAll(batch);
	const placeholders = customerIds.map(() => '?').join(', ');
	const rows = customerIds.length
		? await db.all<{ id: number; email: string; city: string }>(
				`SELECT id, email, city FROM customers WHERE id IN (${placeholders}) ORDER BY id`,
				...customerIds
			)
		: [];
	const copies = customerIds.flatMap((id, i): CustomerCopy[] => {
		const hash = (cached[i] ?? {}) as Partial<Record<Field, string>>;
		const row = rows.find((r) => r.id === id);
		return [
			{
				customer: id,
				copy: `cache ${cacheKey(id)}`,
				email: hash.email ?? '(not cached)',
				city: hash.city ?? '(not cached)'
			},
			{ customer: id, copy: 'database', email: row?.email ?? '', city: row?.city ?? '' }
		];
	});
	return { queue: Number(queue), processing: Number(processing), copies };
}
