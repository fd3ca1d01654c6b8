import { defineFixExercise } from './define';

export default defineFixExercise({
	id: 'fix-the-lock-release',
	title: 'Fix the lock release',
	task: '`releaseLock` reads the lock with `GET`, compares the token in the app, then sends `DEL`. Make the compare and the delete one step, so that worker A can never delete a lock that worker B took in between.',
	hint: 'Two commands leave a gap between them, and `MULTI` cannot act on a reply it has not received yet. A Lua script runs from start to end with no other command in between: `defineScript` a compare-and-delete and run it with `runScript`, the key as `KEYS[1]` and the token as `ARGV[1]`.',
	fix: {
		entry: 'exercises/broken/release-lock.ts',
		solution: 'exercises/fixed/release-lock.ts'
	}
});
