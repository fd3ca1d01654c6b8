import { jsonIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'customer:label:6';
const LABEL = { name: 'Freya Lund', city: 'Oslo' };

export default defineExercise({
	id: 'cache-chosen-fields',
	title: 'Cache only the fields a page needs',
	task: "A shipping label shows only a name and a city. Cache customer 6's label under `customer:label:6` as a JSON object with exactly the fields `name` (Freya Lund) and `city` (Oslo), expiring in 60 seconds.",
	hint: 'The email and the join date stay in SQLite: leave them out. One `SET ... EX 60` with the JSON in single quotes, `\'{"name":"...","city":"..."}\'`.',
	solution: [`SET ${KEY} '${JSON.stringify(LABEL)}' EX 60`],
	check: async (redis) => [await jsonIs(redis, KEY, LABEL), await ttlAbout(redis, KEY, 60)]
});
