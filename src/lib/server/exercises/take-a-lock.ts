import { stringIs, ttlAbout } from './checks';
import { defineExercise } from './define';

const KEY = 'lock:invoices';
const TOKEN = 'worker-c:5e1d';

export default defineExercise({
	id: 'take-a-lock',
	title: 'Take a lock that frees itself',
	task: `As worker-c, take the lock \`${KEY}\` with the token \`${TOKEN}\`, in one command that succeeds only if nobody holds it and lets the lock expire after 30,000 milliseconds.`,
	hint: '`SET` with `NX` writes only a missing key, and `PX` takes the expiry in milliseconds (`EX` in seconds). An answer of `(nil)` means the lock is held: by your own earlier try, if you made one.',
	solution: [`DEL ${KEY}`, `SET ${KEY} ${TOKEN} NX PX 30000`],
	check: async (redis) => [await stringIs(redis, KEY, TOKEN), await ttlAbout(redis, KEY, 30)]
});
