import { jsonIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'api-cache:/api/weather?city=Oslo';
const ANSWER = { city: 'Oslo', tempC: 4 };

export default defineExercise({
	id: 'cache-per-query',
	title: 'One key per distinct request',
	task: 'The weather endpoint answers per city. Cache the upstream\'s answer for Oslo, `{"city":"Oslo","tempC":4}`, under a key built from the path and its query, `api-cache:/api/weather?city=Oslo`, for the weather\'s 30 seconds.',
	hint: 'Everything that changes the answer belongs in the key, so Lyon would get `api-cache:/api/weather?city=Lyon`. One `SET` with the JSON in single quotes and `EX 30`.',
	solution: [`SET ${KEY} '${JSON.stringify(ANSWER)}' EX 30`],
	check: async (redis) => [await jsonIs(redis, KEY, ANSWER), await ttlAbout(redis, KEY, 30)]
});
