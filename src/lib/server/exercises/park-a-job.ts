import { listIs } from './checks';
import { defineExercise } from './define';

const QUEUE = 'mail:queue';
const PROCESSING = 'mail:processing:worker-3';

export default defineExercise({
	id: 'park-a-job',
	title: 'Leave a job in the processing list',
	task: 'Queue `receipt 11` then `receipt 12` on `mail:queue`. As worker-3, take the oldest job into its processing list `mail:processing:worker-3` in one atomic step, and leave it there, as a worker killed mid-job would.',
	hint: '`RPUSH` adds at the tail, so the oldest job is at the head; `LMOVE mail:queue mail:processing:worker-3 LEFT RIGHT` takes it from the head and parks it in one command. An `LPOP` would leave it in no list at all.',
	solution: [
		`DEL ${QUEUE} ${PROCESSING}`,
		`RPUSH ${QUEUE} "receipt 11" "receipt 12"`,
		`LMOVE ${QUEUE} ${PROCESSING} LEFT RIGHT`
	],
	check: async (redis) => [
		await listIs(redis, QUEUE, ['receipt 12']),
		await listIs(redis, PROCESSING, ['receipt 11'])
	]
});
