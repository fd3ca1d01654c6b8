import { hashHas, isType, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'customer:3';

export default defineExercise({
	id: 'cache-customer-hash',
	title: 'Cache customer 3 as a hash',
	task: 'Store customer 3 under `customer:3` as a hash with the fields `name` (Chen Wei) and `city` (Lyon), expiring in about 120 seconds.',
	hint: 'One `HSET customer:3 name "Chen Wei" city Lyon` writes both fields; a hash has no TTL of its own until `EXPIRE customer:3 120` gives it one. A value with a space needs quotes.',
	// The DEL first: an earlier try may have left customer:3 as another type.
	solution: [`DEL ${KEY}`, `HSET ${KEY} name "Chen Wei" city Lyon`, `EXPIRE ${KEY} 120`],
	check: async (redis) => [
		await isType(redis, KEY, 'hash'),
		await hashHas(redis, KEY, { name: 'Chen Wei', city: 'Lyon' }),
		await ttlAbout(redis, KEY, 120)
	]
});
