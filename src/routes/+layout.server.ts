import { OUTLINE } from '$lib/server/content/course';
import { SLOW_DB_CHOICES_MS } from '$lib/server/db/traced-db';
import { progressOf } from '$lib/server/preferences';
import { redisStatus } from '$lib/server/redis/connection';

export const load = async ({ locals, cookies }) => ({
	outline: OUTLINE.map(({ number, slug, title, lessons }) => ({
		number,
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
	slowDbChoices: [...SLOW_DB_CHOICES_MS]
});
