import { FAILED_KEY, flush, queueLagMs, type QueuedWrite } from '../patterns/write-behind';
import { defineDemo } from './define';
import { describeWrite, lag } from './support/write-behind-view';

const rowsOf = (items: QueuedWrite[], now: number) =>
	items.map((item) => ({
		write: describeWrite(item),
		'waited (s)': Number(((now - item.queuedAt) / 1000).toFixed(1))
	}));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default defineDemo({
	id: 'write-behind-flush',
	title: 'Flush the queue to SQLite',
	button: 'Flush',
	pattern: 'write-behind',
	runs: 'flush',
	inputs: {},
	async run(ctx) {
		const lagBeforeMs = await queueLagMs(ctx);
		const { recovered, taken, applied, failed } = await flush(ctx);
		const now = ctx.clock.now();
		const customers = [...new Set(taken.map((item) => item.customerId))];
		const { queue, processing, copies } = await lag(
			ctx,
			customers.sort((a, b) => a - b)
		);
		const batch = `${plural(taken.length, 'write')} queued → ${plural(applied.length + failed.length, 'statement')} in one transaction`;
		return {
			outcome: 'flushed',
			result: {
				batch: taken.length ? batch : 'nothing was queued',
				'oldest write had waited (s)': Number((lagBeforeMs / 1000).toFixed(1)),
				...(applied.length ? { applied: rowsOf(applied, now) } : {}),
				...(failed.length ? { 'refused by SQLite': rowsOf(failed, now) } : {}),
				'recovered first': recovered,
				queue,
				processing,
				...(copies.length ? { customers: copies } : {})
			},
			summary:
				(taken.length ? batch : 'nothing was queued') +
				(failed.length ? `, ${failed.length} refused (see ${FAILED_KEY})` : '')
		};
	}
});
