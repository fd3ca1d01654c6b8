import { INVENTORY } from '../db/seed';
import { BUFFER_KEY, pending, queueDelta } from '../patterns/batch-write-buffer';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'batch-queue',
	title: 'Queue a stock change',
	button: 'Queue',
	pattern: 'batch-write-buffer',
	inputs: {
		product: integer('Product', 1, INVENTORY.length, 4),
		delta: integer('Stock delta', -50, 50, 3)
	},
	async run(ctx, { product, delta }) {
		const length = await queueDelta(ctx, product, delta);
		const { products } = await pending(ctx);
		const signed = `${delta >= 0 ? '+' : ''}${delta}`;
		return {
			outcome: 'queued',
			result: { queued: `product ${product}: ${signed}`, buffer: length, pending: products },
			summary: `product ${product} ${signed} queued; ${length} in ${BUFFER_KEY}, SQLite untouched`
		};
	}
});
