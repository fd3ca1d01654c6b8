import { jsonIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'query:customers:lyon';
const ROWS = [
	{ id: 1, name: 'Ada Moreau' },
	{ id: 3, name: 'Chen Wei' }
];

export default defineExercise({
	id: 'cache-query-result',
	title: 'Cache a query result as JSON',
	task: 'Do what the read path does on a miss for the Lyon customers: store their rows under `query:customers:lyon` as the JSON array `[{"id":1,"name":"Ada Moreau"},{"id":3,"name":"Chen Wei"}]`, expiring in 60 seconds.',
	hint: "One `SET` with `EX 60` after the value. Wrap the JSON in single quotes so the console keeps its double quotes: `SET query:customers:lyon '[...]' EX 60`.",
	solution: [`SET ${KEY} '${JSON.stringify(ROWS)}' EX 60`],
	check: async (redis) => [await jsonIs(redis, KEY, ROWS), await ttlAbout(redis, KEY, 60)]
});
