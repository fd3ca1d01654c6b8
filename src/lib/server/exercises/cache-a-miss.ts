import { stringIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'product:404';

export default defineExercise({
	id: 'cache-a-miss',
	title: 'Cache a missing row',
	task: 'A crawler asks for product 404, which does not exist, many times a second, and every request misses. Cache its absence: the string `not-found` under `product:404`, with a short TTL of its own, about 30 seconds.',
	hint: 'A negative entry is a value like any other: `SET` it with `EX`. The reader treats `not-found` as "no such product" and skips the query; the short TTL lets a product created later appear quickly.',
	solution: [`SET ${KEY} not-found EX 30`],
	check: async (redis) => [await stringIs(redis, KEY, 'not-found'), await ttlAbout(redis, KEY, 30)]
});
