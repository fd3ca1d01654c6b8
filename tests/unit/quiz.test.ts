import { describe, expect, it } from 'vitest';
import { ContentError } from '$lib/server/content/front-matter';
import { parseQuiz, quizView } from '$lib/server/quizzes/define';
import { gradeQuiz } from '$lib/server/quizzes/grade';
import { QUIZZES } from '$lib/server/quizzes';
import { OUTLINE } from '$lib/server/content/course';

const FILE = '/content/quizzes/basic-caching.yaml';
const question = (id: string, answer = 'b') => `  - id: ${id}
    prompt: Which one is right for ${id}?
    options:
      a: The first option
      b: The second option
    answer: ${answer}
    explanation: Because the second one says why.`;
const quizText = (...questions: string[]) =>
	`title: Basic caching\nquestions:\n${questions.join('\n')}\n`;
const QUIZ = parseQuiz(FILE, quizText(question('one'), question('two', 'a'), question('three')));

function errorOf(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error, none was thrown');
}

describe('a quiz file', () => {
	it('is read with its id from the file name, its questions and options in order', () => {
		expect(QUIZ.id).toBe('basic-caching');
		expect(QUIZ.questions.map((q) => [q.id, q.answer])).toEqual([
			['one', 'b'],
			['two', 'a'],
			['three', 'b']
		]);
	});

	it.each([
		[
			'an answer that is no option',
			quizText(question('one', 'z'), question('two'), question('three'))
		],
		['fewer than 3 questions', quizText(question('one'), question('two'))],
		['two questions with one id', quizText(question('one'), question('one'), question('three'))],
		['not YAML', 'title: [unclosed'],
		[
			'a field it does not know',
			quizText(question('one'), question('two'), question('three')) + 'extra: 1\n'
		]
	])('is refused, naming the file, for %s', (_, text) => {
		const error = errorOf(() => parseQuiz(FILE, text));
		expect(error).toBeInstanceOf(ContentError);
		expect(error.message).toContain(FILE);
	});

	it('reaches the page without its answers and explanations', () => {
		const shown = JSON.stringify(quizView(QUIZ));
		expect(shown).toContain('The second option');
		expect(shown).not.toContain('answer');
		expect(shown).not.toContain('Because the second one says why');
	});

	it('the course quizzes are valid, 3 to 6 questions each', () => {
		expect(QUIZZES.size).toBeGreaterThan(0);
		for (const quiz of QUIZZES.values()) {
			expect(quiz.questions.length).toBeGreaterThanOrEqual(3);
			expect(quiz.questions.length).toBeLessThanOrEqual(6);
		}
	});

	it('every chapter ends with its quiz', () => {
		for (const chapter of OUTLINE) {
			expect(QUIZZES.has(chapter.slug), `content/quizzes/${chapter.slug}.yaml`).toBe(true);
			const naming = chapter.lessons.filter((l) => l.quizzes.includes(chapter.slug));
			expect(naming.map((l) => l.id)).toEqual([chapter.lessons.at(-1)!.id]);
		}
	});
});

describe('grading', () => {
	const grade = (answers: Record<string, string>) =>
		gradeQuiz(QUIZ, new Map(Object.entries(answers)));

	it('scores right answers, with the right option and the explanation for each question', () => {
		expect(grade({ one: 'b', two: 'b', three: 'b' })).toEqual({
			quiz: 'basic-caching',
			score: 2,
			total: 3,
			results: [
				{ id: 'one', correct: true, answer: 'b', explanation: 'Because the second one says why.' },
				{ id: 'two', correct: false, answer: 'a', explanation: 'Because the second one says why.' },
				{ id: 'three', correct: true, answer: 'b', explanation: 'Because the second one says why.' }
			],
			chosen: { one: 'b', two: 'b', three: 'b' }
		});
	});

	it('counts an unanswered question wrong, not as a bad request', () => {
		const graded = grade({ one: 'b' });
		expect('score' in graded && [graded.score, graded.results.map((r) => r.correct)]).toEqual([
			1,
			[true, false, false]
		]);
	});

	it.each([
		[{ one: 'z' }, /"z" is not one of the options of question "one"/],
		[{ one: 'constructor' }, /"constructor" is not one of the options/],
		[{ four: 'a' }, /has no question "four"/]
	])('refuses %o with a sentence', (answers, message) => {
		const graded = grade(answers);
		expect('error' in graded && graded.error).toMatch(message);
	});
});
