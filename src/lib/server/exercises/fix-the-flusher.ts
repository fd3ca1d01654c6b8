import { defineFixExercise } from './define';

export default defineFixExercise({
	id: 'fix-the-flusher',
	title: 'Fix the flusher that loses writes',
	task: '`flush` takes each queued change with `LPOP`, then writes it to the database. A crash between the two loses the change for good. Make every queued change always be in the queue, in `processing`, or in the database, and have a restarted flusher finish what a crashed one held.',
	hint: "Move the changes to `keys.processing` in the same step that takes them off the queue (`LMOVE`, or the course's script), and drop them from `processing` only after the database committed. At its start, a flusher moves back what `processing` still holds (`moveAllBack` from pattern-support).",
	fix: {
		entry: 'exercises/broken/flush-queue.ts',
		solution: 'exercises/fixed/flush-queue.ts'
	}
});
