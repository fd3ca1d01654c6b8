import { hashHas, listIs, persists } from './checks';
import { defineExercise } from './define';

const COPY = 'wb:customer:5';
const QUEUE = 'wb:queue';
const WRITE = '5 city Porto';

export default defineExercise({
	id: 'queue-a-write',
	title: 'Queue a write behind the cache',
	task: 'Customer 5 moves to Porto. In one `MULTI` … `EXEC`, set `city` to `Porto` in the cached copy `wb:customer:5` (a hash, with no TTL) and append the write `5 city Porto` to the queue `wb:queue`, where it waits for a flusher.',
	hint: "After `MULTI`, each command answers `QUEUED`; `HSET` sets the field and `RPUSH` appends at the tail of the list, and `EXEC` runs both with no other client's command in between. The write has spaces, so quote it. Run it twice and the queue holds it twice.",
	solution: [
		`DEL ${COPY} ${QUEUE}`,
		'MULTI',
		`HSET ${COPY} city Porto`,
		`RPUSH ${QUEUE} "${WRITE}"`,
		'EXEC'
	],
	check: async (redis) => [
		await hashHas(redis, COPY, { city: 'Porto' }),
		await persists(redis, COPY),
		await listIs(redis, QUEUE, [WRITE])
	]
});
