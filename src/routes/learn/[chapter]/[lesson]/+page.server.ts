import { error, fail } from '@sveltejs/kit';
import type { DemoView } from '$lib/types';
import { findLesson } from '$lib/server/content/course';
import { lessonSources } from '$lib/server/content/pattern-source';
import { DEMOS } from '$lib/server/demos';
import { runDemo } from '$lib/server/demos/run';
import { progressOf, setDone } from '$lib/server/preferences';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

function lessonOf(params: { chapter: string; lesson: string }) {
	const found = findLesson(params.chapter, params.lesson);
	if (!found) error(404, { message: `There is no lesson ${params.chapter}/${params.lesson}.` });
	return found;
}

export const load = async ({ params, locals, cookies }) => {
	const { lesson, previous, next } = lessonOf(params);
	const shown = lesson.demos.map((id) => DEMOS.get(id)!);
	const sources = await lessonSources(shown);
	const demos: Record<string, DemoView> = Object.fromEntries(
		shown.map(({ id, title, button, fields }) => [
			id,
			{ id, title, button, fields, source: sources[id]! }
		])
	);
	const link = (l: typeof previous) => l && { id: l.id, title: l.title };
	return {
		lesson,
		previous: link(previous),
		next: link(next),
		demos,
		activity: sandboxOf(locals.learnerId).activityOf(lesson.id),
		done: progressOf(cookies).includes(lesson.id)
	};
};

export const actions = {
	demo: async ({ params, locals, request, setHeaders }) => {
		const { lesson } = lessonOf(params);
		return runDemo(sandboxOf(locals.learnerId), lesson, await request.formData(), {
			slowDbMs: locals.slowDbMs,
			setHeaders
		});
	},
	done: async ({ params, cookies, request }) => {
		const { lesson } = lessonOf(params);
		const done = (await request.formData()).get('done');
		if (done !== 'true' && done !== 'false')
			return fail(400, { error: 'done must be true or false.' });
		setDone(cookies, lesson.id, done === 'true');
		return { done: done === 'true' };
	}
};
