import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS, OUTLINE, buildOutline, findLesson } from '$lib/server/content/course';
import { ContentError, parseLesson } from '$lib/server/content/front-matter';
import { functionLines, lessonSources } from '$lib/server/content/pattern-source';

const FILE = '/content/01-chapter/01-lesson.md';
const KNOWN = {
	demos: new Set(['view-table', 'cache-aside-read']),
	quizzes: new Set(['foundations']),
	exercises: new Set(['cache-a-hash']),
	fixes: new Set(['fix-the-release'])
};

const FRONT = [
	'title: A good lesson',
	'summary: Read a table and see what it costs.',
	'minutes: 5',
	'commands: [GET, SET]'
];

const lesson = (front: string[] = FRONT, body = 'Some prose.\n\n<Demo id="view-table" />\n') =>
	`---\n${front.join('\n')}\n---\n\n${body}`;

function errorOf(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error, none was thrown');
}

describe('parseLesson', () => {
	it('parses a good lesson: its front matter and its demo ids in order', () => {
		const body = '<Demo id="cache-aside-read" />\ntext\n<Demo id="view-table" />\n';
		expect(parseLesson(FILE, lesson(FRONT, body), KNOWN)).toEqual({
			front: {
				title: 'A good lesson',
				summary: 'Read a table and see what it costs.',
				minutes: 5,
				commands: ['GET', 'SET']
			},
			demos: ['cache-aside-read', 'view-table'],
			quizzes: [],
			exercises: []
		});
	});

	it('accepts a lesson without demos and with Windows line endings', () => {
		const parsed = parseLesson(FILE, lesson(FRONT, 'Prose only.').replace(/\n/g, '\r\n'), KNOWN);
		expect(parsed.demos).toEqual([]);
		expect(parsed.front.title).toBe('A good lesson');
	});

	it('refuses a lesson without front matter, naming the file', () => {
		const error = errorOf(() => parseLesson(FILE, '# Just a title\n', KNOWN));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
		expect(error.message).toContain('front matter');
	});

	it('refuses front matter that is not valid YAML, naming the file', () => {
		const bad = lesson(['title: [unclosed', 'summary: x']);
		const error = errorOf(() => parseLesson(FILE, bad, KNOWN));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
		expect(error.message).toContain('not valid YAML');
	});

	it('refuses a missing field, naming the file and the field', () => {
		const error = errorOf(() => parseLesson(FILE, lesson(FRONT.slice(1)), KNOWN));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
		expect(error.message).toContain('title');
	});

	it.each([
		['minutes', 'minutes: "five"'],
		['minutes', 'minutes: 0'],
		['minutes', 'minutes: 2.5'],
		['summary', 'summary: short'],
		['commands', 'commands: [get]'],
		['extra', 'extra: true']
	])('refuses an invalid %s (%s), naming the file and the field', (field, line) => {
		const key = line.split(':')[0]!;
		const front = [...FRONT.filter((l) => !l.startsWith(`${key}:`)), line];
		const error = errorOf(() => parseLesson(FILE, lesson(front), KNOWN));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
		expect(error.message).toContain(field);
	});

	it('reads the quiz and exercise ids of its widgets, and refuses unknown ones', () => {
		const body = '<Exercise id="cache-a-hash" />\n\n<Quiz id="foundations" />\n';
		const parsed = parseLesson(FILE, lesson(FRONT, body), KNOWN);
		expect([parsed.quizzes, parsed.exercises]).toEqual([['foundations'], ['cache-a-hash']]);
		for (const bad of ['<Quiz id="nope" />', '<Exercise id="nope" />']) {
			const error = errorOf(() => parseLesson(FILE, lesson(FRONT, bad), KNOWN));
			expect(error).toBeInstanceOf(ContentError);
			expect(error.message).toMatch(/unknown (quiz|exercise) id "nope"/);
		}
	});

	it('takes a fix-the-bug exercise only in its own widget, and the others only in theirs', () => {
		const body = '<Exercise id="cache-a-hash" />\n\n<FixTheBug id="fix-the-release" />\n';
		expect(parseLesson(FILE, lesson(FRONT, body), KNOWN).exercises).toEqual([
			'cache-a-hash',
			'fix-the-release'
		]);
		for (const [bad, said] of [
			['<Exercise id="fix-the-release" />', 'unknown exercise id "fix-the-release"'],
			['<FixTheBug id="cache-a-hash" />', 'unknown fix-the-bug exercise id "cache-a-hash"']
		] as const) {
			const error = errorOf(() => parseLesson(FILE, lesson(FRONT, bad), KNOWN));
			expect(error).toBeInstanceOf(ContentError);
			expect(error.message).toContain(said);
		}
	});

	it('refuses an unknown demo id, naming the file and the id', () => {
		const body = '<Demo id="view-table" />\n<Demo id="no-such-demo" />\n';
		const error = errorOf(() => parseLesson(FILE, lesson(FRONT, body), KNOWN));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
		expect(error.message).toContain('"no-such-demo"');
		expect(error.message).not.toContain('"view-table"');
	});
});

describe('buildOutline', () => {
	const good = lesson();

	it('orders chapters and lessons by their prefixes and drops them from the slugs', () => {
		const outline = buildOutline(
			{
				'/content/02-basic-caching/01-cache-aside.md': good,
				'/content/01-foundations/02-the-data.md': good,
				'/content/02-basic-caching/02-write-through.md': good,
				'/content/01-foundations/01-why-redis.md': good
			},
			KNOWN
		);
		expect(outline.map((c) => [c.slug, c.title])).toEqual([
			['foundations', 'Foundations'],
			['basic-caching', 'Basic caching']
		]);
		expect(outline.flatMap((c) => c.lessons.map((l) => l.id))).toEqual([
			'foundations/why-redis',
			'foundations/the-data',
			'basic-caching/cache-aside',
			'basic-caching/write-through'
		]);
		const first = outline[0]!.lessons[0]!;
		expect(first).toMatchObject({
			chapter: 'foundations',
			chapterTitle: 'Foundations',
			slug: 'why-redis',
			title: 'A good lesson',
			minutes: 5,
			demos: ['view-table'],
			file: '/content/01-foundations/01-why-redis.md'
		});
	});

	it('compares the prefixes as numbers: lesson 9 comes before lesson 10', () => {
		const outline = buildOutline(
			{
				'/content/1-chapter/10-tenth.md': good,
				'/content/1-chapter/9-ninth.md': good,
				'/content/10-last/1-only.md': good,
				'/content/2-middle/1-only.md': good
			},
			KNOWN
		);
		expect(outline.map((c) => c.slug)).toEqual(['chapter', 'middle', 'last']);
		expect(outline[0]!.lessons.map((l) => l.slug)).toEqual(['ninth', 'tenth']);
	});

	it('refuses a file not named NN-chapter/NN-lesson.md, naming it', () => {
		const file = '/content/foundations/why-redis.md';
		expect(() => buildOutline({ [file]: good }, KNOWN)).toThrow(file);
	});

	it('names the file of a broken lesson', () => {
		const file = '/content/01-a/02-broken.md';
		const files = { '/content/01-a/01-fine.md': good, [file]: 'no front matter' };
		expect(() => buildOutline(files, KNOWN)).toThrow(file);
	});
});

describe('the course outline', () => {
	it('has the first four lessons in order', () => {
		expect(LESSONS.map((l) => l.id).slice(0, 4)).toEqual([
			'foundations/why-redis',
			'foundations/the-data',
			'basic-caching/cache-aside',
			'basic-caching/write-through'
		]);
		expect(OUTLINE.slice(0, 2).map((c) => c.slug)).toEqual(['foundations', 'basic-caching']);
	});

	it.each([
		['foundations', 'the-data', ['view-table']],
		['basic-caching', 'cache-aside', ['cache-aside-read', 'cache-invalidate']],
		['basic-caching', 'write-through', ['write-through-write']]
	])('%s/%s embeds every demo COURSE.md lists for it', (chapter, slug, demos) => {
		const found = findLesson(chapter, slug);
		expect(found).not.toBeNull();
		expect(found!.lesson.demos).toEqual(expect.arrayContaining(demos));
	});

	it('links each lesson to its neighbours', () => {
		const found = findLesson('basic-caching', 'cache-aside')!;
		expect(found.previous?.id).toBe('foundations/the-data');
		expect(found.next?.id).toBe('basic-caching/write-through');
		expect(findLesson('foundations', 'why-redis')!.previous).toBeUndefined();
		expect(findLesson('basic-caching', 'nope')).toBeNull();
	});
});

describe('functionLines: where an exported function starts and ends', () => {
	const code = [
		"import { x } from './x';", // 1
		'', // 2
		'/** Braces in strings, templates and comments do not count. */', // 3
		'export async function tricky(', // 4
		'\t{ redis }: Ctx,', // 5
		'\tkey: string', // 6
		'): Promise<{ hit: boolean }> {', // 7
		"\tconst a = '}';", // 8
		'\tconst b = `${key}:{${[1, 2].join(`}`)}`; // }', // 9
		'\t/* } */ if (a) {', // 10
		'\t\treturn { hit: true };', // 11
		'\t}', // 12
		'\treturn { hit: false };', // 13
		'}', // 14
		'', // 15
		'export const arrow = ({ redis }: Ctx, id: number) =>', // 16
		'\tredis.del(`k:${id}`);', // 17
		'export const one = () => 1;', // 18
		'export function last() {', // 19
		'\treturn 1;', // 20
		'}' // 21
	].join('\n');

	it.each([
		['tricky', 4, 14],
		['arrow', 16, 17],
		['one', 18, 18],
		['last', 19, 21]
	])('%s: lines %i to %i', (name, from, to) => {
		expect(functionLines(code, name)).toEqual({ name, from, to });
	});

	it('is null for a name that is not exported, or only a prefix of one', () => {
		expect(functionLines(code, 'x')).toBeNull();
		expect(functionLines(code, 'tri')).toBeNull();
	});
});

describe('lessonSources: the code that ran, under each demo', () => {
	const demos = [
		{ id: 'cache-aside-read', title: 'Read', pattern: 'cache-aside', runs: 'readThrough' },
		{ id: 'cache-invalidate', title: 'Write', pattern: 'cache-aside', runs: 'updateAndInvalidate' }
	];

	it('shows a file once, marking the lines of every function the page runs from it', async () => {
		const sources = await lessonSources(demos);
		const first = sources['cache-aside-read']!;
		const second = sources['cache-invalidate']!;
		expect(first.file).toBe('src/lib/server/patterns/cache-aside.ts');
		expect(second).toEqual({
			file: 'src/lib/server/patterns/cache-aside.ts',
			runs: { name: 'updateAndInvalidate', from: expect.any(Number), to: expect.any(Number) },
			shownUnder: { id: 'cache-aside-read', title: 'Read' }
		});
		expect(first.runs.name).toBe('readThrough');
		const html = 'html' in first ? first.html : '';
		const lines = html.match(/<span class="line[^"]*"/g)!;
		const marked = lines.flatMap((line, i) => (line.includes(' ran') ? [i + 1] : []));
		const span = (from: number, to: number) =>
			Array.from({ length: to - from + 1 }, (_, i) => from + i);
		expect(marked).toEqual([
			...span(first.runs.from, first.runs.to),
			...span(second.runs.from, second.runs.to)
		]);
	});
});

/** Every lesson's Markdown, by file name, as the reader gets it. */
const lessonFiles = readdirSync('content', { recursive: true, encoding: 'utf8' })
	.filter((file) => file.endsWith('.md'))
	.sort()
	.map((file) => ({ file, markdown: readFileSync(join('content', file), 'utf8') }));

const checkYourself = (markdown: string) =>
	/^## Check yourself\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1];

/**
 * What a "Check yourself" section shows that it should hide: each question is a bold paragraph
 * followed by its answer inside <details>; an intro may come before the first question.
 */
function revealProblems(section: string): string[] {
	const paragraphs = section
		.replace(/<details><summary>Answer<\/summary>[\s\S]*?<\/details>/g, '<ANSWER>')
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean);
	const first = paragraphs.findIndex((p) => p.startsWith('**'));
	return paragraphs.flatMap((p, i) => {
		if (i < first || p === '<ANSWER>') return [];
		if (!/^\*\*[\s\S]+\*\*$/.test(p)) return [`shown, not hidden: ${p.slice(0, 60)}`];
		return paragraphs[i + 1] === '<ANSWER>' ? [] : [`no answer under ${p.slice(0, 60)}`];
	});
}

describe('lesson prose', () => {
	it('hides every "Check yourself" answer behind a reveal, under its question', () => {
		const sections = lessonFiles.flatMap(({ file, markdown }) => {
			const section = checkYourself(markdown);
			return section ? [{ file, section }] : [];
		});
		expect(sections.length).toBeGreaterThan(10);
		expect(
			sections.flatMap(({ file, section }) => revealProblems(section).map((p) => `${file}: ${p}`))
		).toEqual([]);
	});

	it('the reveal check catches an answer printed under its question, or a question with none', () => {
		const hidden = '**1. Why?**\n\n<details><summary>Answer</summary>\n\nBecause.\n\n</details>\n';
		expect(revealProblems(`Intro.\n\n${hidden}`)).toEqual([]);
		expect(revealProblems('1. **Why?**\n   - Because.\n')).toEqual([
			'shown, not hidden: 1. **Why?**\n   - Because.'
		]);
		expect(revealProblems('**1. Why?**\n\n**2. How?**\n')).toEqual([
			'no answer under **1. Why?**',
			'no answer under **2. How?**'
		]);
	});

	it('promises no page that is not there: no link to a missing lesson, no "the stampede lesson"', () => {
		const pages = new Set(LESSONS.map((l) => `/learn/${l.id}`));
		const chapters = new Set(OUTLINE.map((c) => c.slug));
		// Chapters and lessons planned in the syllabus, as long as they are not written.
		const planned = [
			'stampede',
			'operations',
			'pipelining',
			'memory',
			'eviction',
			'persistence',
			'keys-vs-scan',
			'troubleshooting',
			'scaling-out'
		].filter((name) => !chapters.has(name) && !LESSONS.some((l) => l.slug.includes(name)));
		const problems = lessonFiles.flatMap(({ file, markdown }) => [
			...[...markdown.matchAll(/\]\((\/learn\/[^)#\s]*)/g)]
				.map(([, href]) => href!)
				.filter((href) => !pages.has(href) && !chapters.has(href.slice('/learn/'.length)))
				.map((href) => `${file}: a link to ${href}`),
			...planned.flatMap((name) => {
				const promise = new RegExp(`\\b(the|a later|next) ${name} (lesson|chapter)`, 'i').exec(
					markdown
				);
				return promise ? [`${file}: "${promise[0]}"`] : [];
			})
		]);
		expect(problems).toEqual([]);
	});
});
