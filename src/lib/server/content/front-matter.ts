import * as v from 'valibot';
import { parse } from 'yaml';

/** What every lesson must declare at its top. */
export const FrontMatter = v.strictObject({
	title: v.pipe(v.string('title must be text'), v.minLength(3), v.maxLength(80)),
	summary: v.pipe(v.string('summary must be one sentence'), v.minLength(10), v.maxLength(240)),
	minutes: v.pipe(v.number('minutes must be a number'), v.integer(), v.minValue(1), v.maxValue(60)),
	commands: v.array(
		v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_ ]*$/, 'commands are upper-case Redis commands'))
	)
});
export type FrontMatter = v.InferOutput<typeof FrontMatter>;

export class ContentError extends Error {}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
/** The widgets a lesson names by id, and the ids the course knows for each. */
const TAGS = {
	demos: { tag: /<Demo\s+id="([^"]*)"/g, what: 'demo' },
	quizzes: { tag: /<Quiz\s+id="([^"]*)"/g, what: 'quiz' },
	exercises: { tag: /<Exercise\s+id="([^"]*)"/g, what: 'exercise' },
	// A fix-the-bug exercise has a widget of its own: its editor is no weight on other pages.
	fixes: { tag: /<FixTheBug\s+id="([^"]*)"/g, what: 'fix-the-bug exercise' }
} as const;
export type Known = { [K in keyof typeof TAGS]: ReadonlySet<string> };

export interface ParsedLesson {
	front: FrontMatter;
	demos: string[];
	quizzes: string[];
	exercises: string[];
}

/** Reads and checks one lesson's Markdown; every error names the file. */
export function parseLesson(file: string, markdown: string, known: Known): ParsedLesson {
	const fence = FENCE.exec(markdown);
	if (!fence) throw new ContentError(`${file}: the lesson must start with front matter (---).`);
	let data: unknown;
	try {
		data = parse(fence[1]!);
	} catch (error) {
		throw new ContentError(`${file}: front matter is not valid YAML: ${(error as Error).message}`);
	}
	const result = v.safeParse(FrontMatter, data);
	if (!result.success) {
		const problems = result.issues.map(
			(issue) => `${v.getDotPath(issue) ?? 'front matter'}: ${issue.message}`
		);
		throw new ContentError(`${file}: bad front matter: ${problems.join('; ')}`);
	}
	const ids = (kind: keyof Known) => {
		const { tag, what } = TAGS[kind];
		const found = [...markdown.matchAll(tag)].map((match) => match[1]!);
		const unknown = found.filter((id) => !known[kind].has(id));
		if (unknown.length)
			throw new ContentError(`${file}: unknown ${what} id ${unknown.map((id) => `"${id}"`).join(', ')}`);
		return found;
	};
	return {
		front: result.output,
		demos: ids('demos'),
		quizzes: ids('quizzes'),
		exercises: [...ids('exercises'), ...ids('fixes')]
	};
}
