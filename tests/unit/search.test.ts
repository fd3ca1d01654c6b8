import { describe, expect, it } from 'vitest';
import { COMMAND_INDEX } from '$lib/server/content/command-index';
import { LESSONS } from '$lib/server/content/course';
import { SEARCH_INDEX } from '$lib/server/content/search-index';
import { search, type SearchEntry } from '$lib/search';

const entry = (title: string, text = '', extra = ''): SearchEntry => ({
	kind: 'lesson',
	title,
	href: `/${title}`,
	text,
	extra
});

describe('search', () => {
	const entries = [
		entry('Distributed locks', 'Take a lock with SET NX'),
		entry('Sessions', 'Keep sessions in hashes', 'lock out'),
		entry('Cache stampede', 'Many requests at once')
	];

	it('finds entries with every word of the query, title matches first', () => {
		expect(search(entries, 'lock').map((e) => e.title)).toEqual(['Distributed locks', 'Sessions']);
		expect(search(entries, 'lock nx').map((e) => e.title)).toEqual(['Distributed locks']);
	});

	it('matches the start of words, in any case, and nothing for an empty query', () => {
		expect(search(entries, 'STAMP').map((e) => e.title)).toEqual(['Cache stampede']);
		expect(search(entries, 'ampede')).toEqual([]);
		expect(search(entries, '  ')).toEqual([]);
	});
});

describe('the course index', () => {
	it('lists every command of every lesson, each with the lessons that use it', () => {
		for (const lesson of LESSONS)
			for (const name of lesson.commands) {
				const found = COMMAND_INDEX.find((c) => c.name === name || name.startsWith(`${c.name} `));
				expect(
					found?.lessons.map((l) => l.id),
					name
				).toContain(lesson.id);
			}
	});

	it('has every lesson and every command in the search', () => {
		expect(SEARCH_INDEX.filter((e) => e.kind === 'lesson')).toHaveLength(LESSONS.length);
		expect(SEARCH_INDEX.filter((e) => e.kind === 'command')).toHaveLength(COMMAND_INDEX.length);
		expect(search(SEARCH_INDEX, 'stampede')[0]?.href).toBe('/learn/stampede/cache-stampede');
	});
});
