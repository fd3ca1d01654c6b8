import { stringIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'page:pricing';

export default defineExercise({
	id: 'slide-the-ttl',
	title: 'Slide a TTL on read',
	task: 'Cache `pricing page` under `page:pricing` with `EX 30`, then read it back with one command that also pushes its expiry out to about 120 seconds, as a sliding TTL does.',
	hint: '`GETEX` returns the value like `GET` and takes the same `EX` option as `SET`; a plain `GET` leaves the TTL where it was.',
	solution: [`SET ${KEY} "pricing page" EX 30`, `GETEX ${KEY} EX 120`],
	check: async (redis) => [
		await stringIs(redis, KEY, 'pricing page'),
		await ttlAbout(redis, KEY, 120)
	]
});
