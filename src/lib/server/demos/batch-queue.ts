import { PRODUCT_COUNT } from '../db/seed';
import type { PatternContext } from '../pattern-support';
import {
	BUFFER_KEY,
	queueDelta,
	sumPerProduct,
	type StockDelta
} from '../patterns/batch-write-buffer';
import { defineDemo, integer } from './define';

/** What the buffer holds now, per product: how many changes, and what the next flush would write. */
async function pending({ redis }: PatternContext) {
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
	return rows.sort((a, b) => a.product - b.product);
}

export default defineDemo({
	id: 'batch-queue',
	title: 'Queue a stock change',
	button: 'Queue',
	pattern: 'batch-write-buffer',
	runs: 'queueDelta',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 4),
		delta: integer('Stock delta', -50, 50, 3)
	},
	async run(ctx, { product, delta }) {
		const length = await queueDelta(ctx, product, delta);
		const products = await pending(ctx);
		const signed = `${delta >= 0 ? '+' : ''}${delta}`;
		return {
			outcome: 'queued',
			result: { queued: `product ${product}: ${signed}`, buffer: length, pending: products },
			summary: `product ${product} ${signed} queued; ${length} in ${BUFFER_KEY}, SQLite untouched`
		};
	}
});
