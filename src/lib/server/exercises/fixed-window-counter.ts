import { stringIs, ttlBetween } from './checks';
import { defineExercise } from './define';

const KEY = 'rate:fixed:bob';
const REQUEST = ['MULTI', `INCR ${KEY}`, `EXPIRE ${KEY} 60 NX`, 'EXEC'];

export default defineExercise({
	id: 'fixed-window-counter',
	title: 'Count requests in a fixed window',
	task: 'Play three requests from bob through a fixed-window limiter of 60 seconds: each one a `MULTI` … `EXEC` that adds 1 to `rate:fixed:bob` and gives it a TTL only if it has none. The counter must read 3, and its window end at most 60 s after the first request.',
	hint: '`INCR` starts a missing counter at 1, and `EXPIRE rate:fixed:bob 60 NX` sets the window only once; a plain `EXPIRE` would push its end out on every request. The up arrow in the console brings back earlier lines.',
	solution: [`DEL ${KEY}`, ...REQUEST, ...REQUEST, ...REQUEST],
	check: async (redis) => [
		await stringIs(redis, KEY, '3'),
		await ttlBetween(redis, KEY, 1, 60, `${KEY} expires within its 60 s window`)
	]
});
