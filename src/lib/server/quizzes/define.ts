import * as v from 'valibot';
import { parse } from 'yaml';
import type { QuizView } from '$lib/types';
import { ContentError } from '../content/front-matter';

const ID = v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/, 'ids are lower-case words and hyphens'));
const TEXT = v.pipe(v.string(), v.trim(), v.minLength(3));

const Question = v.pipe(
	v.strictObject({
		id: ID,
		prompt: TEXT,
		/** Option value → its label, in the order shown. */
		options: v.pipe(
			v.record(ID, TEXT),
			v.check((options) => Object.keys(options).length >= 2, 'a question needs 2 or more options')
		),
		answer: ID,
		explanation: TEXT
	}),
	v.check((q) => Object.hasOwn(q.options, q.answer), 'the answer must be one of the options')
);

/** A chapter's quiz file, content/quizzes/<chapter>.yaml. */
const QuizFile = v.pipe(
	v.strictObject({
		title: TEXT,
		questions: v.pipe(
			v.array(Question),
			v.minLength(3, 'a quiz has 3 to 6 questions'),
			v.maxLength(6, 'a quiz has 3 to 6 questions')
		)
	}),
	v.check(
		({ questions }) => new Set(questions.map((q) => q.id)).size === questions.length,
		'question ids must be different'
	)
);

export type Quiz = v.InferOutput<typeof QuizFile> & { id: string };

/** Reads and checks one quiz file; every error names the file. */
export function parseQuiz(file: string, text: string): Quiz {
	const id = /([a-z0-9-]+)\.yaml$/.exec(file)?.[1];
	if (!id) throw new ContentError(`${file}: quizzes are named content/quizzes/<chapter>.yaml`);
	let data: unknown;
	try {
		data = parse(text);
	} catch (error) {
		throw new ContentError(`${file}: not valid YAML: ${(error as Error).message}`);
	}
	const result = v.safeParse(QuizFile, data);
	if (!result.success) {
		const problems = result.issues.map((i) => `${v.getDotPath(i) ?? 'quiz'}: ${i.message}`);
		throw new ContentError(`${file}: ${problems.join('; ')}`);
	}
	return { id, ...result.output };
}

/** What the page may see before grading: the questions and options, no answers. */
export const quizView = ({ id, title, questions }: Quiz): QuizView => ({
	id,
	title,
	questions: questions.map(({ id, prompt, options }) => ({
		id,
		prompt,
		options: Object.entries(options).map(([value, label]) => ({ value, label }))
	}))
});
