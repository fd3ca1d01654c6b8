import { OUTLINE } from '$lib/server/content/course';
import { SLOW_DB_CHOICES_MS } from '$lib/server/db/traced-db';
import { progressOf, takeResetNotice, THEMES, themeOf } from '$lib/server/preferences';
import { redisStatus } from '$lib/server/redis/connection';

export const load = async ({ locals, cookies }) => ({
	// Chapters are numbered by their place in the course, so a missing folder leaves no gap.
	outline: OUTLINE.map(({ slug, title, lessons }, i) => ({
		number: i + 1,
		slug,
		title,
		lessons: lessons.map(({ id, slug, title, minutes, summary }) => ({
			id,
			slug,
			title,
			minutes,
			summary
		}))
	})),
	progress: progressOf(cookies),
	redis: await redisStatus(),
	slowDbMs: locals.slowDbMs,
	slowDbChoices: [...SLOW_DB_CHOICES_MS],
	theme: themeOf(cookies),
	themes: [...THEMES],
	resetNotice: takeResetNotice(cookies)
});
