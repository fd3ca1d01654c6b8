import type { PatternContext } from '../pattern-support';
import { BUFFER_KEY, flush } from '../patterns/batch-write-buffer';
import { defineDemo } from './define';

/** The stock SQLite holds now for these products: what the flush changed. */
async function stockOf({ db }: PatternContext, products: number[]) {
	if (!products.length) return [];
	return db.all<{ id: number; name: string; stock: number }>(
		`SELECT id, name, stock FROM inventory WHERE id IN (${products.map(() => '?').join(', ')}) ORDER BY id`,
		...products
	);
}

export default defineDemo({
	id: 'batch-flush',
	title: 'Flush the buffer in one transaction',
	button: 'Flush',
	pattern: 'batch-write-buffer',
	runs: 'flush',
	inputs: {},
	async run(ctx) {
		const { queued, writes } = await flush(ctx);
		const batch = `${queued} queued → ${writes.length} ${writes.length === 1 ? 'write' : 'writes'}`;
		const stock = await stockOf(
			ctx,
			writes.map(({ product }) => product)
		);
		return {
			outcome: 'flushed',
			result: {
				batch,
				...(writes.length
					? {
							writes: stock.map(({ id, name, stock }) => ({
								product: id,
								name,
								delta: writes.find((w) => w.product === id)!.delta,
								'stock now': stock
							}))
						}
					: { writes: queued ? 'the changes cancel out' : `${BUFFER_KEY} was empty` })
			},
			summary: batch
		};
	}
});
