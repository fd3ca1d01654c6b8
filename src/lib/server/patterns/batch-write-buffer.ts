import { randomUUID } from 'node:crypto';
import type { PatternContext } from '../pattern-support';

/** Stock changes waiting for the next flush, oldest first. */
export const BUFFER_KEY = 'batch:stock-deltas';
/**
 * Each flush works on a key of its own, so flushes never share (or clobber) a batch. On a
 * Cluster, RENAME needs both names in one slot: give them one hash tag (`batch:{stock}:...`).
 */
export const flushingKey = (flushId: string) => `batch:flushing:${flushId}`;

export interface StockDelta {
	product: number;
	delta: number;
}

/** Queues one change: one RPUSH, no SQL. Returns the buffer's length. */
export const queueDelta = ({ redis }: PatternContext, product: number, delta: number) =>
	redis.rpush(BUFFER_KEY, JSON.stringify({ product, delta } satisfies StockDelta));

/** Many changes to one product become one: +3, -1, +5 on product 4 is a single +7. */
export function sumPerProduct(items: string[]): Map<number, number> {
	const totals = new Map<number, number>();
	for (const item of items) {
		const { product, delta } = JSON.parse(item) as StockDelta;
		totals.set(product, (totals.get(product) ?? 0) + delta);
	}
	return totals;
}

/**
 * The flush. RENAME takes the whole buffer in one atomic step: a change queued a microsecond
 * later starts a new buffer and waits for the next flush. (LRANGE then DEL would delete what
 * arrived between the two.) The batch stays in Redis under its own key until SQLite has
 * committed every write of it in one transaction.
 */
export async function flush({ redis, db }: PatternContext) {
	const batchKey = flushingKey(randomUUID());
	try {
		await redis.rename(BUFFER_KEY, batchKey);
	} catch (error) {
		if ((error as Error).message.includes('no such key')) return { queued: 0, writes: [] };
		throw error;
	}
	const items = await redis.lrange(batchKey, 0, -1);
	const writes = [...sumPerProduct(items)]
		.filter(([, delta]) => delta !== 0)
		.map(([product, delta]) => ({ product, delta }));
	if (writes.length) {
		// All or nothing: if the transaction fails, the batch is still under batchKey.
		await db.transaction(
			writes.map(({ product, delta }) => [
				'UPDATE inventory SET stock = stock + ? WHERE id = ?',
				delta,
				product
			])
		);
	}
	await redis.del(batchKey);
	return { queued: items.length, writes };
}
