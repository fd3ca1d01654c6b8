import { error, fail } from '@sveltejs/kit';
import type { DemoView, ExerciseView, QuizView } from '$lib/types';
import { findLesson } from '$lib/server/content/course';
import { demoEditableSource } from '$lib/server/content/editable-source';
import { lessonSources } from '$lib/server/content/pattern-source';
import { DEMOS } from '$lib/server/demos';
import { runDemo } from '$lib/server/demos/run';
import { EXERCISES } from '$lib/server/exercises';
import { fixEditableSource } from '$lib/server/exercises/fix';
import { checkExercise, solveExercise } from '$lib/server/exercises/run';
import { readForm } from '$lib/server/forms';
import { keepExercisePassed, keepQuizScore, progressOf, setDone } from '$lib/server/preferences';
import { QUIZZES } from '$lib/server/quizzes';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { quizView } from '$lib/server/quizzes/define';
import { gradeQuiz } from '$lib/server/quizzes/grade';
import { sandboxOf, type Sandbox } from '$lib/server/sandbox/sandboxes';
import type { Exercise } from '$lib/server/exercises/define';
import type { RequestEvent } from './$types';

function lessonOf(params: { chapter: string; lesson: string }) {
	const found = findLesson(params.chapter, params.lesson);
	if (!found) error(404, { message: `There is no lesson ${params.chapter}/${params.lesson}.` });
	return found;
}

export const load = async ({ params, locals, cookies }) => {
	const { lesson, previous, next } = lessonOf(params);
	// Kept in Redis: while Redis is away the page still opens, with no log.
	const activity = sandboxOf(locals.learnerId)
		.activityOf(lesson.id)
		.catch(() => []);
	const shown = lesson.demos.map((id) => DEMOS.get(id)!);
	const sources = await lessonSources(shown);
	const demos: Record<string, DemoView> = Object.fromEntries(
		shown.map(({ id, title, button, fields }) => [
			id,
			{ id, title, button, fields, source: sources[id]!, editable: demoEditableSource(id) }
		])
	);
	const quizzes: Record<string, QuizView> = Object.fromEntries(
		lesson.quizzes.map((id) => [id, quizView(QUIZZES.get(id)!)])
	);
	const exercises: Record<string, ExerciseView> = Object.fromEntries(
		lesson.exercises.map((id) => {
			const exercise = EXERCISES.get(id)!;
			const { title, task } = exercise;
			return [id, { id, title, task, fix: exercise.fix && fixEditableSource(exercise) }];
		})
	);
	const link = (l: typeof previous) => l && { id: l.id, title: l.title };
	return {
		lesson,
		previous: link(previous),
		next: link(next),
		demos,
		// The chart widgets the lesson's demos draw: +page.ts loads these, and only these.
		charts: [...new Set(shown.flatMap((demo) => demo.draws))],
		quizzes,
		exercises,
		activity: await activity,
		done: progressOf(cookies).includes(lesson.id)
	};
};

/**
 * `?/check` and `?/solve`: the exercise the form names, if the lesson has it, run against the
 * learner's own sandbox by `act`.
 */
async function exerciseAction(
	{ params, locals, request }: RequestEvent,
	act: (sandbox: Sandbox, exercise: Exercise, fields: Map<string, string>) => Promise<object>
) {
	const { lesson } = lessonOf(params);
	const fields = await readForm(request);
	if (!(fields instanceof Map)) return fields;
	const exercise = exerciseOf(lesson, fields);
	if (typeof exercise === 'string') return fail(400, { error: exercise });
	try {
		return await act(sandboxOf(locals.learnerId), exercise, fields);
	} catch {
		return fail(503, { exercise: exercise.id, error: REDIS_UNAVAILABLE });
	}
}

/** The exercise a form names, if the lesson has it; else why not. */
function exerciseOf(lesson: { exercises: string[] }, fields: Map<string, string>) {
	const id = fields.get('exercise');
	if (!id) return 'Say which exercise (field "exercise").';
	const exercise = lesson.exercises.includes(id) ? EXERCISES.get(id) : undefined;
	return exercise ?? `This lesson has no exercise called "${id}".`;
}

export const actions = {
	demo: async ({ params, locals, request, setHeaders }) => {
		const { lesson } = lessonOf(params);
		const fields = await readForm(request);
		if (!(fields instanceof Map)) return fields;
		return runDemo(sandboxOf(locals.learnerId), lesson, fields, {
			slowDbMs: locals.slowDbMs,
			setHeaders
		});
	},
	done: async ({ params, cookies, request }) => {
		const { lesson } = lessonOf(params);
		const fields = await readForm(request);
		if (!(fields instanceof Map)) return fields;
		const done = fields.get('done');
		if (done !== 'true' && done !== 'false')
			return fail(400, { error: 'done must be true or false.' });
		setDone(cookies, lesson.id, done === 'true');
		return { done: done === 'true' };
	},
	quiz: async ({ params, cookies, request }) => {
		const { lesson } = lessonOf(params);
		const fields = await readForm(request);
		if (!(fields instanceof Map)) return fields;
		const id = fields.get('quiz');
		const quiz = id && lesson.quizzes.includes(id) ? QUIZZES.get(id) : undefined;
		if (!quiz)
			return fail(400, { quiz: id, error: `This lesson has no quiz called "${id ?? ''}".` });
		fields.delete('quiz');
		const graded = gradeQuiz(quiz, fields);
		if ('error' in graded) return fail(400, { quiz: quiz.id, error: graded.error });
		return { ...graded, best: keepQuizScore(cookies, quiz.id, graded.score, graded.total) };
	},
	check: (event) =>
		exerciseAction(event, async (sandbox, exercise, fields) => {
			// A fix exercise's checks ran in the learner's browser: the form carries them.
			const result = await checkExercise(sandbox, exercise, fields);
			if (result.passed) keepExercisePassed(event.cookies, exercise.id);
			return result;
		}),
	solve: (event) => exerciseAction(event, solveExercise)
};
