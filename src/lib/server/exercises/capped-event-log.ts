import { listIs } from './checks';
import { defineExercise } from './define';

const KEY = 'log:orders';
const EVENTS = ['order 1', 'order 2', 'order 3', 'order 4'];

export default defineExercise({
	id: 'capped-event-log',
	title: 'Keep only the newest events',
	task: 'Log four events, `order 1` to `order 4` in that order, to the capped list `log:orders`, trimmed so that it keeps only the three newest, newest first.',
	hint: '`LPUSH` puts each event at the head, so the newest comes first; `LTRIM log:orders 0 2` then cuts everything after the third. The events have spaces: quote them.',
	solution: [
		`DEL ${KEY}`,
		...EVENTS.flatMap((event) => [`LPUSH ${KEY} "${event}"`, `LTRIM ${KEY} 0 2`])
	],
	check: async (redis) => [await listIs(redis, KEY, ['order 4', 'order 3', 'order 2'])]
});
