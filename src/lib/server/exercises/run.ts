import { fail, type ActionFailure } from '@sveltejs/kit';
import type { ExerciseCheck, ExerciseResult, ExerciseSolution } from '$lib/types';
import { runConsoleLine } from '../sandbox/console';
import type { Sandbox } from '../sandbox/sandboxes';
import type { ConsoleExercise, Exercise } from './define';
import { fixSolution, postedChecks, type FixSolution } from './fix';

/**
 * A post the exercise cannot take (a fix exercise's checks malformed): a 400 saying why. It has
 * no `passed`, and says so in its type, so that `if (result.passed)` reads either answer.
 */
export type ExerciseRefused = ActionFailure<{ exercise: string; error: string }> & {
	passed?: undefined;
};

const result = (exercise: Exercise, checks: ExerciseCheck[]): ExerciseResult => ({
	exercise: exercise.id,
	passed: checks.every((c) => c.ok),
	checks,
	hint: exercise.hint
});

/** A console exercise's checks, against the learner's own keys. */
async function checkKeys(sandbox: Sandbox, exercise: ConsoleExercise): Promise<ExerciseResult> {
	const run = await sandbox.request();
	try {
		return result(exercise, await exercise.check(run.ctx.redis));
	} finally {
		await run.close();
	}
}

/**
 * Runs an exercise's checks. A console exercise's read the learner's own keys. A fix
 * exercise's ran in the learner's browser (its scenario against their version), and `fields` is
 * the form the page posted them in: it passes when every check of a well-formed post is ok.
 */
export async function checkExercise(
	sandbox: Sandbox,
	exercise: Exercise,
	fields: ReadonlyMap<string, string> = new Map()
): Promise<ExerciseResult | ExerciseRefused> {
	if (!exercise.fix) return checkKeys(sandbox, exercise);
	const checks = postedChecks(exercise, fields);
	if (typeof checks === 'string')
		return fail(400, { exercise: exercise.id, error: checks }) as ExerciseRefused;
	return result(exercise, checks);
}

/**
 * A console exercise: runs the model solution in the learner's console, line by line and under
 * the console's own rules, then checks the result: what a learner sees is what they could have
 * typed. A fix exercise: the course's version of the module, to read beside their own.
 */
export async function solveExercise(
	sandbox: Sandbox,
	exercise: Exercise
): Promise<ExerciseSolution | FixSolution> {
	if (exercise.fix) return fixSolution(exercise);
	const commands: ExerciseSolution['commands'] = [];
	for (const line of exercise.solution) {
		const { reply } = await runConsoleLine(sandbox, line);
		commands.push({ line, reply });
	}
	return { exercise: exercise.id, commands, check: await checkKeys(sandbox, exercise) };
}
