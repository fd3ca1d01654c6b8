import type { SearchEntry } from '$lib/search';
import { COMMAND_INDEX } from './command-index';
import { LESSON_SOURCES, LESSONS } from './course';


const headingsOf = (markdown: string) =>
	[...markdown.matchAll(/^#{2,3} (.+)$/gm)].map(([, heading]) => heading!.replace(/[`*]/g, ''));

/** What the search in the browser looks through: every lesson and every command, built once. */
export const SEARCH_INDEX: SearchEntry[] = [
	...LESSONS.map((lesson) => ({
		kind: 'lesson' as const,
		title: lesson.title,
		href: `/learn/${lesson.id}`,
		text: lesson.summary,
		extra: [lesson.chapterTitle, ...headingsOf(LESSON_SOURCES[lesson.file] ?? ''), ...lesson.commands].join(
			' · '
		)
	})),
	...COMMAND_INDEX.map((command) => ({
		kind: 'command' as const,
		title: command.name,
		href: `/commands#${command.name.replace(' ', '-')}`,
		text: command.summary,
		extra: command.lessons.map((l) => l.title).join(' · ')
	}))
];
