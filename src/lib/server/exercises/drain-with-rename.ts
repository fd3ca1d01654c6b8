import { listIs } from './checks';
import { defineExercise } from './define';

const BUFFER = 'stock:deltas';
const BATCH = 'stock:flushing:f1';

export default defineExercise({
	id: 'drain-with-rename',
	title: 'Drain a buffer in one step',
	task: "Queue the stock deltas `+3` and `-1` on the buffer `stock:deltas`, drain it atomically into the flush's own key `stock:flushing:f1`, then queue `+5`, which must land in a fresh buffer and not in the batch.",
	hint: '`RPUSH` appends at the tail. `RENAME stock:deltas stock:flushing:f1` moves the whole list under the new name in one step; the next `RPUSH stock:deltas` creates a new list.',
	solution: [
		`DEL ${BUFFER} ${BATCH}`,
		`RPUSH ${BUFFER} +3 -1`,
		`RENAME ${BUFFER} ${BATCH}`,
		`RPUSH ${BUFFER} +5`
	],
	check: async (redis) => [
		await listIs(redis, BATCH, ['+3', '-1']),
		await listIs(redis, BUFFER, ['+5'])
	]
});
