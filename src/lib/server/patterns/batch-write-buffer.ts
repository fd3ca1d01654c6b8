import { randomUUID } from 'node:crypto';
import type { PatternContext } from '../pattern-support';

/** Stock changes waiting for the next flush, oldest first. */
export const BUFFER_KEY = 'batch:stock-deltas';
/** Each flush works on a key of its own, so flushes never share (or clobber) a batch. */
export const flushingKey = (flushId: string) => `batch:flushing:${flushId}`;

export interface StockDelta {
	product: number;
	delta: number;
}

/** Queues one change: one RPUSH, no SQL. Returns the buffer's length. */
export const queueDelta = ({ redis }: PatternContext, product: number, delta: number) =>
	redis.rpush(BUFFER_KEY, JSON.stringify({ product, delta } satisfies StockDelta));

/** What the buffer holds now, summed per product: what the next flush would write. */
export async function pending({ redis }: PatternContext) {
	const items = await redis.lrange(BUFFER_KEY, 0, -1);
	const changes = new Map<number, number>();
	for (const item of items) {
		const { product } = JSON.parse(item) as StockDelta;
		changes.set(product, (changes.get(product) ?? 0) + 1);
	}
	const rows = [...sumPerProduct(items)].map(([product, netDelta]) => ({
		product,
		changes: changes.get(product)!,
		netDelta
	}));
	return { queued: items.length, products: rows.sort((a, b) => a.product - b.product) };
}

/** Many changes to one product become one: +3, -1, +5 on product 4 is a single +7. */
function sumPerProduct(items: string[]): Map<number, number> {
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
export async function flush(ctx: PatternContext) {
	const { redis, db } = ctx;
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

/** The stock SQLite holds now for these products. */
export async function stockOf({ db }: PatternContext, products: number[]) {
	if (!products.length) return [];
	return db.all<{ id: number; name: string; stock: number }>(
		`SELECT id, name, stock FROM inventory WHERE id IN (${products.map(() => '?').join(', ')}) ORDER BY id`,
		...products
	);
}
