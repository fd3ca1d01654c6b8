import { stringIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'banner:home';

export default defineExercise({
	id: 'string-with-ttl',
	title: 'A string that expires',
	task: 'Cache the home page banner, `Summer sale`, as a string under `banner:home` that expires in about 300 seconds, written in one command.',
	hint: '`SET` takes the expiry with the value: `EX` and a number of seconds after the value. A value with a space needs quotes, and a second plain `SET` would drop the TTL again.',
	solution: [`SET ${KEY} "Summer sale" EX 300`],
	check: async (redis) => [
		await stringIs(redis, KEY, 'Summer sale'),
		await ttlAbout(redis, KEY, 300)
	]
});
