import { FAILED_KEY, flush, type QueuedWrite } from '../patterns/write-behind';
import { defineDemo } from './define';
import { describeWrite, lag } from './support/write-behind-view';

const rowsOf = (items: QueuedWrite[], now: number) =>
	items.map((item) => ({
		write: describeWrite(item),
		waitedSeconds: Number(((now - item.queuedAt) / 1000).toFixed(1))
	}));

export default defineDemo({
	id: 'write-behind-flush',
	title: 'Flush the queue to SQLite',
	button: 'Flush',
	pattern: 'write-behind',
	runs: 'flush',
	inputs: {},
	async run(ctx) {
		const { recovered, applied, failed } = await flush(ctx);
		const now = ctx.clock.now();
		const customers = [...new Set([...applied, ...failed].map((item) => item.customerId))];
		const { queue, processing, copies } = await lag(
			ctx,
			customers.sort((a, b) => a - b)
		);
		return {
			outcome: 'flushed',
			result: {
				applied: applied.length ? rowsOf(applied, now) : 'nothing was queued',
				...(failed.length ? { refusedBySqlite: rowsOf(failed, now) } : {}),
				recoveredFirst: recovered,
				queue,
				processing,
				...(copies.length ? { customers: copies } : {})
			},
			summary:
				`${applied.length} ${applied.length === 1 ? 'write' : 'writes'} applied to SQLite` +
				(failed.length ? `, ${failed.length} refused (see ${FAILED_KEY})` : '')
		};
	}
});
