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
const DEMO_TAG = /<Demo\s+id="([^"]*)"/g;

export interface ParsedLesson {
	front: FrontMatter;
	demos: string[];
}

/** Reads and checks one lesson's Markdown; every error names the file. */
export function parseLesson(file: string, markdown: string, knownDemos: ReadonlySet<string>) {
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
	const demos = [...markdown.matchAll(DEMO_TAG)].map((match) => match[1]!);
	const unknown = demos.filter((id) => !knownDemos.has(id));
	if (unknown.length) {
		throw new ContentError(`${file}: unknown demo id ${unknown.map((id) => `"${id}"`).join(', ')}`);
	}
	return { front: result.output, demos } satisfies ParsedLesson;
}
