import { BUFFER_KEY, flush, stockOf } from '../patterns/batch-write-buffer';
import { defineDemo } from './define';

export default defineDemo({
	id: 'batch-flush',
	title: 'Flush the buffer in one transaction',
	button: 'Flush',
	pattern: 'batch-write-buffer',
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
								stockNow: stock
							}))
						}
					: { writes: queued ? 'the changes cancel out' : `${BUFFER_KEY} was empty` })
			},
			summary: batch
		};
	}
});
