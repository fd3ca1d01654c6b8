import { defineFixExercise } from './define';

export default defineFixExercise({
	id: 'fix-the-invalidation',
	title: 'Fix the invalidation order',
	task: '`updateAndInvalidate` deletes the cached copy, then updates the database. A reader in between caches the old rows again. Change it so that, once the write is done, the cache holds what the database holds, or nothing.',
	hint: 'While the `UPDATE` has not committed, any reader that misses reads the old rows and caches them. Update first, then delete: a reader that comes after the delete loads the new rows.',
	fix: {
		entry: 'exercises/broken/update-and-invalidate.ts',
		solution: 'exercises/fixed/update-and-invalidate.ts'
	}
});
