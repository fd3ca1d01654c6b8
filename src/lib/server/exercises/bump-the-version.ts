import { isGone, jsonIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const OLD = 'v1:category:audio';
const NEW = 'v2:category:audio';
const V2 = [{ id: 6, priceCents: 15900 }];

export default defineExercise({
	id: 'bump-the-version',
	title: 'Bump the version, remove the old key',
	task: 'Play a deploy of the audio category: release 1 caches `v1:category:audio` as `[{"id":6,"price":159}]`, release 2 caches `v2:category:audio` as `[{"id":6,"priceCents":15900}]`, both for an hour (`EX 3600`). Then, release 1 gone, remove its key without blocking the server.',
	hint: "Each release writes its own key, so neither reads the other's shape. `UNLINK` removes a key as `DEL` does and frees a large value's memory in a background thread; in production you would find the old keys with `SCAN ... MATCH v1:*`, never `KEYS`.",
	solution: [
		`SET ${OLD} '[{"id":6,"price":159}]' EX 3600`,
		`SET ${NEW} '${JSON.stringify(V2)}' EX 3600`,
		`UNLINK ${OLD}`
	],
	check: async (redis) => [
		await jsonIs(redis, NEW, V2),
		await ttlAbout(redis, NEW, 3600),
		await isGone(redis, OLD)
	]
});
