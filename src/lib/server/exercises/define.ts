import type { Redis } from 'ioredis';
import type { ExerciseCheck } from '$lib/types';

/**
 * A "Your turn" task: the learner does it in the console, and `check` reads the learner's own
 * keys (through their namespaced client) to say what is right and what is not.
 */
export interface Exercise {
	id: string;
	title: string;
	/** What to do, in a sentence or two; `code` in backticks. */
	task: string;
	/** Shown after a check that failed. */
	hint: string;
	/** The model answer as console lines; Solve runs them in the learner's sandbox. */
	solution: string[];
	check(redis: Redis): Promise<ExerciseCheck[]>;
}

export const defineExercise = (exercise: Exercise): Exercise => exercise;
