import { OUTLINE } from '$lib/server/content/course';
import { SLOW_DB_CHOICES_MS } from '$lib/server/db/traced-db';
import {
	exercisesPassedOf,
	progressOf,
	quizScoresOf,
	takeResetNotice,
	THEMES,
	themeOf
} from '$lib/server/preferences';
import { QUIZZES } from '$lib/server/quizzes';
import { redisStatus } from '$lib/server/redis/connection';

// Chapters are numbered by their place in the course, so a missing folder leaves no gap.
const outline = OUTLINE.map(({ slug, title, lessons }, i) => {
	const quizzes = lessons.flatMap((lesson) =>
		lesson.quizzes.map((id) => ({ id, lesson: lesson.id }))
	);
	return {
		number: i + 1,
		slug,
		title,
		lessons: lessons.map(({ id, slug, title, minutes, summary }) => ({
			id,
			slug,
			title,
			minutes,
			summary
		})),
		/** The chapter's quiz, where it is, and how many questions it has. */
		quiz: quizzes[0]
			? { ...quizzes[0], total: QUIZZES.get(quizzes[0].id)!.questions.length }
			: null,
		exercises: lessons.flatMap((lesson) => lesson.exercises)
	};
});

export const load = async ({ locals, cookies }) => ({
	outline,
	progress: progressOf(cookies),
	quizScores: quizScoresOf(cookies),
	exercisesPassed: exercisesPassedOf(cookies),
	redis: await redisStatus(),
	slowDbMs: locals.slowDbMs,
	slowDbChoices: [...SLOW_DB_CHOICES_MS],
	theme: themeOf(cookies),
	themes: [...THEMES],
	resetNotice: takeResetNotice(cookies)
});
