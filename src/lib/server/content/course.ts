import type { Chapter, LessonMeta } from '$lib/types';
import { DEMOS } from '../demos';
import { EXERCISES } from '../exercises';
import { QUIZZES } from '../quizzes';
import { parseLesson, type Known } from './front-matter';

/**
 * The course outline, built once at start-up (and at build time, where a content error fails the
 * build) from the folder and file names under content/: `NN-chapter/NN-lesson.md`.
 */
/** Each lesson's Markdown by file, read once; the command index and the search read it too. */
export const LESSON_SOURCES = import.meta.glob('/content/*/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

const PATH = /^\/content\/(\d+)-([a-z0-9-]+)\/(\d+)-([a-z0-9-]+)\.md$/;

export function buildOutline(files: Record<string, string>, known: Known) {
	const chapters = new Map<string, Chapter>();
	const named = Object.keys(files).map((file) => {
		const match = PATH.exec(file);
		if (!match) throw new Error(`${file}: lessons are named content/NN-chapter/NN-lesson.md`);
		const [, chapterNo, chapter, lessonNo, slug] = match as unknown as string[];
		return { file, chapter: chapter!, slug: slug!, order: [Number(chapterNo), Number(lessonNo)] };
	});
	named.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!);
	for (const { file, chapter, slug, order } of named) {
		const { front, demos, quizzes, exercises } = parseLesson(file, files[file]!, known);
		const chapterTitle = titleOf(chapter);
		if (!chapters.has(chapter)) chapters.set(chapter, { number: order[0]!, slug: chapter, title: chapterTitle, lessons: [] });
		const lesson: LessonMeta = {
			...front,
			chapter,
			chapterTitle,
			slug,
			id: `${chapter}/${slug}`,
			demos,
			quizzes,
			exercises,
			file
		};
		chapters.get(chapter)!.lessons.push(lesson);
	}
	return [...chapters.values()];
}

/** "basic-caching" → "Basic caching". */
const titleOf = (slug: string) => slug.charAt(0).toUpperCase() + slug.slice(1).replace(/-/g, ' ');

export const OUTLINE: Chapter[] = buildOutline(LESSON_SOURCES, {
	demos: new Set(DEMOS.keys()),
	quizzes: new Set(QUIZZES.keys()),
	exercises: new Set([...EXERCISES.values()].filter((e) => !e.fix).map((e) => e.id)),
	fixes: new Set([...EXERCISES.values()].filter((e) => e.fix).map((e) => e.id))
});
export const LESSONS: LessonMeta[] = OUTLINE.flatMap((chapter) => chapter.lessons);

export function findLesson(chapter: string, slug: string) {
	const index = LESSONS.findIndex((l) => l.chapter === chapter && l.slug === slug);
	if (index < 0) return null;
	return { lesson: LESSONS[index]!, previous: LESSONS[index - 1], next: LESSONS[index + 1] };
}
