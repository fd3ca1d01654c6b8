import type { ExerciseResult, ExerciseSolution } from '$lib/types';
import { runConsoleLine } from '../sandbox/console';
import type { Sandbox } from '../sandbox/sandboxes';
import type { Exercise } from './define';

/** Runs an exercise's checks against the learner's own keys. */
export async function checkExercise(sandbox: Sandbox, exercise: Exercise): Promise<ExerciseResult> {
	const run = await sandbox.request();
	try {
		const checks = await exercise.check(run.ctx.redis);
		const passed = checks.every((c) => c.ok);
		return { exercise: exercise.id, passed, checks, hint: exercise.hint };
	} finally {
		await run.close();
	}
}

/**
 * Runs the model solution in the learner's console, line by line and under the console's own
 * rules, then checks the result: what a learner sees is what they could have typed.
 */
export async function solveExercise(
	sandbox: Sandbox,
	exercise: Exercise
): Promise<ExerciseSolution> {
	const commands: ExerciseSolution['commands'] = [];
	for (const line of exercise.solution) {
		const { reply } = await runConsoleLine(sandbox, line);
		commands.push({ line, reply });
	}
	return { exercise: exercise.id, commands, check: await checkExercise(sandbox, exercise) };
}
