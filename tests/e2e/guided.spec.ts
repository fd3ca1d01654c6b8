/**
 * Guided learning (issue 12): a chapter quiz graded on the server, and a "Your turn" exercise
 * checked against the learner's own keys, failed first, then solved; progress kept.
 */
import type { Locator, Page } from '@playwright/test';
import { parse } from 'devalue';
import {
	expect,
	expectAccessible,
	ORIGIN,
	open,
	openConsole,
	replyText,
	scrollAboveDock,
	test
} from './helpers';

const THE_DATA = '/learn/foundations/the-data';
const REDIS_HASH = '/learn/advanced-caching/redis-hash';

/** The console dock and the header cover part of the page: scroll as a reader would, then act. */
/**
 * Presses a quiz or exercise button and waits until the page has reloaded its data after the
 * action (use:enhance's update), so that the next step does not race that reload.
 */
const press = async (target: Locator) => {
	await scrollAboveDock(target);
	const reloaded = target.page().waitForResponse((r) => r.url().includes('/__data.json'));
	await target.click();
	await reloaded;
};
const choose = async (target: Locator) => {
	await scrollAboveDock(target);
	await target.check();
};

const quizOf = (page: Page, id: string) => {
	const section = page.locator(`[data-quiz="${id}"]`);
	return {
		section,
		question: (q: string) => section.locator(`fieldset[data-question="${q}"]`),
		grade: section.getByRole('button', { name: /Grade/ }),
		score: section.getByTestId('quiz-score')
	};
};

const exerciseOf = (page: Page, id: string) => {
	const section = page.locator(`[data-exercise="${id}"]`);
	return {
		section,
		check: section.getByRole('button', { name: 'Check my work' }),
		solve: section.getByRole('button', { name: 'Solve it for me' }),
		result: section.getByTestId('exercise-result'),
		checks: section.locator('.checks li')
	};
};

test('a chapter quiz: graded on the server, explained after grading, best score in the outline', async ({
	page
}) => {
	test.slow(); // many steps and two axe checks, on 2 cores
	await open(page, THE_DATA);
	const quiz = quizOf(page, 'foundations');
	// The answers and explanations are not in the page before grading.
	expect(await page.content()).not.toContain('A cache keeps a copy of a result');
	await expect(page.getByTestId('outline-quiz').first()).toContainText('3 questions');

	await quiz
		.question('what-for')
		.getByLabel(/Most views skip the query/)
		.check();
	await choose(quiz.question('which-type').getByLabel('A list'));
	// ttl-meaning is left unanswered: it counts wrong.
	await press(quiz.grade);
	await expect(quiz.score).toContainText('1 of 3 right.');
	await expect(quiz.question('what-for')).toContainText('✓ Right.');
	await expect(quiz.question('which-type')).toContainText('✗ Not quite. The answer is “A hash”.');
	await expect(quiz.question('ttl-meaning')).toContainText(
		'The answer is “The key exists and never expires.”'
	);
	await expect(quiz.question('which-type').getByLabel('A list')).toBeChecked();
	await expect(page.getByTestId('outline-quiz').first()).toContainText('best 1/3');
	await expectAccessible(page);

	await choose(quiz.question('which-type').getByLabel('A hash'));
	await choose(quiz.question('ttl-meaning').getByLabel('The key exists and never expires.'));
	// By keyboard this time: the focus stays on the button after grading.
	await scrollAboveDock(quiz.grade);
	const reloaded = page.waitForResponse((r) => r.url().includes('/__data.json'));
	await quiz.grade.focus();
	await page.keyboard.press('Enter');
	await reloaded;
	await expect(quiz.score).toContainText('3 of 3 right. All of them.');
	await expect(quiz.grade).toBeFocused();
	await expect(quiz.score).toContainText('Best so far: 3 of 3.');

	// A worse try does not lower the best score; the outline and the home page keep it.
	await quiz
		.question('what-for')
		.getByLabel(/The query itself gets faster/)
		.check();
	await press(quiz.grade);
	await expect(quiz.score).toContainText('2 of 3 right.');
	await expect(quiz.score).toContainText('Best so far: 3 of 3.');
	await page.reload();
	await expect(page.getByTestId('outline-quiz').first()).toContainText('best 3/3');
	await open(page, '/');
	await expect(
		page.locator('tr[data-chapter="foundations"] [data-testid="chapter-quiz"]')
	).toHaveText('3/3');
});

test('an exercise: a check that fails says why, Solve runs the model answer, a pass counts', async ({
	page
}) => {
	test.slow();
	await open(page, REDIS_HASH);
	const exercise = exerciseOf(page, 'cache-customer-hash');
	await expect(exercise.section).toContainText('Cache customer 3 as a hash');

	await press(exercise.check);
	await expect(exercise.result).toContainText('✗ Not yet.');
	await expect(exercise.checks.first()).toContainText('customer:3 does not exist');
	await expect(exercise.result).toContainText('Hint:');

	// A string where a hash is wanted fails, and says so.
	await openConsole(page);
	expect(await replyText(page, 'SET customer:3 "Chen Wei" EX 120')).toBe('OK');
	await press(exercise.check);
	await expect(exercise.checks.first()).toContainText('customer:3 is a string, not a hash');
	expect(await replyText(page, 'DEL customer:3')).toBe('(integer) 1');

	// Typed right, by hand: passed, and counted.
	expect(await replyText(page, 'HSET customer:3 name "Chen Wei" city Lyon')).toBe('(integer) 2');
	expect(await replyText(page, 'EXPIRE customer:3 119')).toBe('(integer) 1');
	await press(exercise.check);
	await expect(exercise.result).toContainText('✓ Passed. Your keys are right.');
	await expect(exercise.section.getByTestId('exercise-passed')).toBeVisible();
	await expectAccessible(page);

	// Solve runs the model answer in the learner's console and shows what it ran.
	expect(await replyText(page, 'DEL customer:3')).toBe('(integer) 1');
	await press(exercise.solve);
	const solution = exercise.section.getByTestId('exercise-solution');
	await expect(solution.locator('li')).toHaveCount(3);
	await expect(solution.locator('li').nth(1)).toContainText(
		'> HSET customer:3 name "Chen Wei" city Lyon'
	);
	await expect(solution.locator('li').nth(1)).toContainText('(integer) 2');
	await expect(exercise.result).toContainText('✓ Passed.');
	// The check right after it read the key the model answer left: a hash with a fresh TTL.
	await expect(exercise.checks.nth(2)).toHaveText(
		/customer:3 expires in about 120 s — TTL 1[12]\d s/
	);

	await open(page, '/');
	await expect(page.getByTestId('progress-summary')).toContainText(/ 1 of \d+ exercises passed/);
});

test('the quiz and exercise actions answer a bad request with a 4xx and a sentence', async ({
	page
}) => {
	await open(page, THE_DATA);
	const post = (action: string, data: string, type = 'application/x-www-form-urlencoded') =>
		page.request.post(`${THE_DATA}?/${action}`, {
			headers: {
				'content-type': type,
				origin: ORIGIN,
				accept: 'application/json'
			},
			data
		});
	const errorOf = async (response: Awaited<ReturnType<typeof post>>) =>
		(parse((await response.json()).data) as { error: string }).error;

	const asText = await post('quiz', 'quiz=foundations', 'text/plain');
	expect((await asText.json()).status).toBe(415);
	const broken = await post('quiz', 'quiz=foundations', 'multipart/form-data');
	expect((await broken.json()).status).toBe(400);
	const twice = await post('quiz', 'quiz=foundations&what-for=a&what-for=b');
	expect((await twice.json()).status).toBe(400);
	expect(await errorOf(twice)).toMatch(/"what-for" is sent twice/);
	const notAnOption = await post('quiz', 'quiz=foundations&what-for=zzz');
	expect(await errorOf(notAnOption)).toMatch(/"zzz" is not one of the options/);
	const otherLesson = await post('check', 'exercise=cache-customer-hash');
	expect((await otherLesson.json()).status).toBe(400);
	expect(await errorOf(otherLesson)).toMatch(/no exercise called "cache-customer-hash"/);
});

test('the command index: every command the course uses, its summary, its lessons; a search as you type', async ({
	page
}) => {
	await open(page, '/commands');
	const command = (name: string) => page.locator(`[data-command="${name}"]`);
	await expect(command('SET')).toContainText('Set the string value of a key.');
	await expect(command('SET').getByRole('link', { name: 'Cache-aside' })).toHaveAttribute(
		'href',
		'/learn/basic-caching/cache-aside'
	);
	await expect(command('CONFIG GET').getByRole('link', { name: 'CONFIG GET' })).toHaveAttribute(
		'href',
		'https://redis.io/docs/latest/commands/config-get/'
	);
	// A command typed only in a lesson's redis block is there too, with that lesson.
	await expect(command('HGETALL')).toContainText('Objects as Redis hashes');
	await expectAccessible(page);

	const results = page.getByTestId('search-results');
	await page.getByLabel('Search the lessons and commands').fill('lock');
	await expect(results.locator('li').first()).toContainText('Distributed lock');
	await page.getByLabel('Search the lessons and commands').fill('zadd');
	await expect(results.locator('li[data-kind="command"]').first()).toContainText('ZADD');
	await page.getByLabel('Search the lessons and commands').fill('xyzzy');
	await expect(results).toContainText('Nothing matches “xyzzy”.');
	await page.getByLabel('Search the lessons and commands').fill('');
	await expect(results).toHaveCount(0);
});
