import { CUSTOMER_COUNT } from '../db/seed';
import { FIELDS, writeBehind } from '../patterns/write-behind';
import { choice, defineDemo, integer, text } from './define';
import { describeWrite, lag } from './support/write-behind-view';

export default defineDemo({
	id: 'write-behind-write',
	title: 'Write to the cache, queue the database write',
	button: 'Write',
	pattern: 'write-behind',
	runs: 'writeBehind',
	inputs: {
		'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 1),
		field: choice('Field', FIELDS, 'city'),
		value: text('New value', 60, 'Paris')
	},
	async run(ctx, input) {
		const customerId = input['customer-id'];
		const started = performance.now();
		const { item } = await writeBehind(ctx, customerId, input.field, input.value);
		const writeMs = performance.now() - started;
		const { queue, processing, copies } = await lag(ctx, [customerId]);
		return {
			outcome: 'queued',
			result: {
				queued: describeWrite(item),
				'write time (ms)': Number(writeMs.toFixed(2)),
				queue,
				processing,
				customer: copies
			},
			summary: `${describeWrite(item)}: in the cache now, ${queue} queued for the database`
		};
	}
});
