/** The quizzes, one per chapter: content/quizzes/<chapter>.yaml, read and checked at start-up. */
import { parseQuiz, type Quiz } from './define';

const files = import.meta.glob('/content/quizzes/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

export const QUIZZES: ReadonlyMap<string, Quiz> = new Map(
	Object.entries(files).map(([file, text]) => {
		const quiz = parseQuiz(file, text);
		return [quiz.id, quiz];
	})
);
