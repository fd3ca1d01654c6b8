import { parseRedisBlock } from '$lib/redis-block.js';
import type { LessonMeta } from '$lib/types';
import { COMMAND_DOCS } from '../redis/command-docs';
import { LESSON_SOURCES, LESSONS } from './course';

/** One command of the index: what it does (the server's own words) and the lessons using it. */
export interface IndexedCommand {
	name: string;
	summary: string;
	complexity: string | null;
	since: string;
	lessons: { id: string; title: string }[];
}


/** `OBJECT ENCODING k` → OBJECT ENCODING: a container's name takes its subcommand. */
function commandOf(line: string): string | null {
	const [first = '', second = ''] = line.trim().split(/\s+/).map((word) => word.toUpperCase());
	if (COMMAND_DOCS[`${first} ${second}`]) return `${first} ${second}`;
	return COMMAND_DOCS[first] ? first : null;
}

/** The commands a lesson runs in its `redis` blocks, as typed in them. */
function blockCommands(markdown: string): string[] {
	const blocks = [...markdown.matchAll(/^```redis[^\n]*\n([\s\S]*?)^```/gm)];
	return blocks.flatMap(([, body]) =>
		parseRedisBlock(body!).flatMap(({ command }) => commandOf(command) ?? [])
	);
}

/** Every command the course uses, from the lessons' front matter and their redis blocks. */
export function buildCommandIndex(lessons: LessonMeta[], files: Record<string, string>) {
	const users = new Map<string, Set<LessonMeta>>();
	for (const lesson of lessons) {
		// Front matter may name a command with its argument (DEBUG POPULATE): the index names the command.
		const named = lesson.commands.map((name) => commandOf(name) ?? name);
		for (const name of [...named, ...blockCommands(files[lesson.file] ?? '')]) {
			if (!users.has(name)) users.set(name, new Set());
			users.get(name)!.add(lesson);
		}
	}
	return [...users]
		.map(([name, used]): IndexedCommand => {
			const doc = COMMAND_DOCS[name];
			return {
				name,
				summary: doc?.summary ?? '',
				complexity: doc?.complexity ?? null,
				since: doc?.since ?? '',
				lessons: [...used].map(({ id, title }) => ({ id, title }))
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const COMMAND_INDEX: IndexedCommand[] = buildCommandIndex(LESSONS, LESSON_SOURCES);
