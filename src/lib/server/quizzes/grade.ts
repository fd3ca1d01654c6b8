import type { QuizResult } from '$lib/types';
import type { Quiz } from './define';

/**
 * Grades the learner's answers (question id → chosen option). An unanswered question counts
 * wrong; a field that names no question, or an option the question does not have, is a
 * mistake of the request, answered with a sentence instead of a grade.
 */
export function gradeQuiz(
	quiz: Quiz,
	answers: ReadonlyMap<string, string>
): Omit<QuizResult, 'best'> | { error: string } {
	for (const [name, value] of answers) {
		const question = quiz.questions.find((q) => q.id === name);
		if (!question) return { error: `The quiz "${quiz.id}" has no question "${name}".` };
		if (!Object.hasOwn(question.options, value))
			return { error: `"${value}" is not one of the options of question "${name}".` };
	}
	const results = quiz.questions.map(({ id, answer, explanation }) => ({
		id,
		correct: answers.get(id) === answer,
		answer,
		explanation
	}));
	return {
		quiz: quiz.id,
		score: results.filter((r) => r.correct).length,
		total: results.length,
		results,
		chosen: Object.fromEntries(answers)
	};
}
