import { setHas, ttlAbout } from './checks';
import { defineExercise } from './define';

const PAGES = ['page:product:6', 'page:search:headset'];
const TAG = 'tag:audio';

export default defineExercise({
	id: 'tag-two-keys',
	title: 'Tag two cached pages',
	task: 'In one `MULTI` … `EXEC`, cache `page:product:6` and `page:search:headset` (any text) with `EX 300`, and record both in the tag set `tag:audio`, which must expire with them, in about 300 seconds.',
	hint: '`SADD tag:audio` takes both key names at once. The set has no TTL of its own until you give it one: `EXPIRE ... NX` sets it on a new set, `EXPIRE ... GT` lengthens an older one.',
	solution: [
		'MULTI',
		`SET ${PAGES[0]} "Noise-cancelling headset, 159.00" EX 300`,
		`SET ${PAGES[1]} "1 result: Noise-cancelling headset" EX 300`,
		`SADD ${TAG} ${PAGES.join(' ')}`,
		`EXPIRE ${TAG} 300 NX`,
		`EXPIRE ${TAG} 300 GT`,
		'EXEC'
	],
	check: async (redis) => [
		await ttlAbout(redis, PAGES[0]!, 300),
		await ttlAbout(redis, PAGES[1]!, 300),
		await setHas(redis, TAG, PAGES),
		await ttlAbout(redis, TAG, 300)
	]
});
