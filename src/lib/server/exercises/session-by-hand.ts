import { hashHas, isType, setHas, ttlAbout } from './checks';
import { defineExercise } from './define';

const ID = 'Xq3v9KpLm2Tz7RwA1bCd0e';
const SESSION = `session:${ID}`;
const INDEX = 'user-sessions:20';

export default defineExercise({
	id: 'session-by-hand',
	title: 'Log a user in by hand',
	task: `Log user 20 in with the session id \`${ID}\`: in one \`MULTI\` … \`EXEC\`, a hash \`${SESSION}\` with \`user-id\` 20 and \`tier\` gold that expires in about 300 seconds, and the id in the user's index set \`${INDEX}\`, which must live at least as long.`,
	hint: 'As the login does: `HSET` the fields, `EXPIRE` the session, `SADD` the id (not the key name) to the index, then `EXPIRE ... NX` and `EXPIRE ... GT` on the index so that it gets a TTL when new and never a shorter one.',
	solution: [
		'MULTI',
		`HSET ${SESSION} user-id 20 tier gold`,
		`EXPIRE ${SESSION} 300`,
		`SADD ${INDEX} ${ID}`,
		`EXPIRE ${INDEX} 300 NX`,
		`EXPIRE ${INDEX} 300 GT`,
		'EXEC'
	],
	check: async (redis) => [
		await isType(redis, SESSION, 'hash'),
		await hashHas(redis, SESSION, { 'user-id': '20', tier: 'gold' }),
		await ttlAbout(redis, SESSION, 300),
		await setHas(redis, INDEX, [ID]),
		await ttlAbout(redis, INDEX, 300)
	]
});
