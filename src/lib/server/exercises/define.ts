import type { Redis } from 'ioredis';
import type { ExerciseCheck } from '$lib/types';

interface ExerciseBase {
	id: string;
	title: string;
	/** What to do, in a sentence or two; `code` in backticks. */
	task: string;
	/** Shown after a check that failed. */
	hint: string;
}

/**
 * A "Your turn" task: the learner does it in the console, and `check` reads the learner's own
 * keys (through their namespaced client) to say what is right and what is not.
 */
export interface ConsoleExercise extends ExerciseBase {
	/** The model answer as console lines; Solve runs them in the learner's sandbox. */
	solution: string[];
	check(redis: Redis): Promise<ExerciseCheck[]>;
	fix?: undefined;
}

/**
 * A "Fix the bug" task: the learner repairs a broken pattern module in the editor. The race or
 * the crash that shows the flaw (the exercise's scenario, `SCENARIOS[id]` in
 * $lib/editor/runtime/scenarios) runs against their version in the browser, and the page posts
 * the checks it gave to `?/check`.
 */
export interface FixExercise extends ExerciseBase {
	fix: {
		/** The broken module, as a path under src/lib/server: what the editor opens. */
		entry: string;
		/** The course's version, with the same exports: what "Show the course's version" shows. */
		solution: string;
	};
}

export type Exercise = ConsoleExercise | FixExercise;

export const defineExercise = (exercise: ConsoleExercise): ConsoleExercise => exercise;
export const defineFixExercise = (exercise: FixExercise): FixExercise => exercise;
