// Runs in the 'no-js' project: a quiz and an exercise work as plain form posts.
import { expect, open, test } from './helpers';

test.beforeEach(({ javaScriptEnabled }) => {
	expect(javaScriptEnabled, 'this spec runs in the no-js project').toBe(false);
});

test('without JavaScript a quiz is graded and explained, and the best score reaches the outline', async ({
	page
}) => {
	await open(page, '/learn/foundations/the-data');
	const quiz = page.locator('[data-quiz="foundations"]');
	await quiz.getByLabel(/Most views skip the query/).check();
	await quiz.getByLabel('A hash').check();
	await quiz.getByRole('button', { name: 'Grade my answers' }).click();
	await expect(page).toHaveURL(/#quiz-foundations-score$/);
	await expect(quiz.getByTestId('quiz-score')).toContainText('2 of 3 right.');
	await expect(quiz.locator('fieldset[data-question="ttl-meaning"]')).toContainText('✗ Not quite.');
	await expect(quiz.getByLabel('A hash')).toBeChecked();
	await expect(page.getByTestId('outline-quiz').first()).toContainText('best 2/3');
});

test('without JavaScript an exercise fails its check, then Solve runs the model answer and it passes', async ({
	page
}) => {
	await open(page, '/learn/advanced-caching/redis-hash');
	const exercise = page.locator('[data-exercise="cache-customer-hash"]');
	await exercise.getByRole('button', { name: 'Check my work' }).click();
	await expect(exercise.getByTestId('exercise-result')).toContainText('✗ Not yet.');
	await expect(exercise.locator('.checks li').first()).toContainText('customer:3 does not exist');

	await exercise.getByRole('button', { name: 'Solve it for me' }).click();
	await expect(exercise.getByTestId('exercise-solution').locator('li')).toHaveCount(3);
	await expect(exercise.getByTestId('exercise-result')).toContainText('✓ Passed.');

	await exercise.getByRole('button', { name: 'Check my work' }).click();
	await expect(exercise.getByTestId('exercise-passed')).toBeVisible();
});

test('without JavaScript the command index is a plain list, and the search form is answered by the server', async ({
	page
}) => {
	await open(page, '/commands');
	await expect(page.locator('[data-command]')).not.toHaveCount(0);
	await page.getByLabel('Search the lessons and commands').fill('stampede');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(/\/commands\?q=stampede$/);
	await expect(page.getByTestId('search-results').locator('li').first()).toContainText(
		'Cache stampede'
	);
});
