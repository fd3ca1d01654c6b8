/**
 * A fix-the-bug exercise (issue 14, part 4) in the page: the lock release that reads with GET and
 * deletes with DEL. Check my fix plays the race against the learner's version in their browser
 * and shows it failing; fixed in the editor, the check passes, and the pass counts.
 */
import type { Page } from '@playwright/test';
import { expect, open, seriousViolations, test } from './helpers';

const LESSON = '/learn/real-world/distributed-lock';
const EXERCISE = 'fix-the-lock-release';

/**
 * A learner's fix: the compare and the delete in one script. Its Lua is the course's text (so it
 * runs on the shared Redis); the TypeScript around it is the learner's own.
 */
const FIXED = `import type { PatternContext } from '../../pattern-support';
import { defineScript, runScript } from '../../pattern-support';

const COMPARE_AND_DELETE = defineScript(\`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
\`);

export async function releaseLock({ redis }: PatternContext, key: string, token: string) {
	const deleted = await runScript(redis, COMPARE_AND_DELETE, [key], [token]);
	return deleted === 1;
}
`;

function exerciseOf(page: Page) {
	const section = page.locator(`section[data-exercise="${EXERCISE}"]`);
	const result = section.getByTestId('exercise-result');
	return {
		section,
		content: section.locator('.cm-content'),
		checkMyFix: section.getByRole('button', { name: 'Check my fix', exact: true }),
		courseVersion: section.getByRole('button', { name: "Show the course's version", exact: true }),
		result,
		verdict: result.locator('.verdict'),
		check: (label: string) => result.locator('.checks li').filter({ hasText: label }),
		trace: section.getByTestId('redis-trace'),
		passed: section.getByTestId('exercise-passed')
	};
}

test('the broken release fails the race; fixed in the editor it passes, and the pass is kept', async ({
	page
}) => {
	test.slow();
	await open(page, LESSON);
	const exercise = exerciseOf(page);
	await exercise.section.scrollIntoViewIfNeeded();
	// The editor loads as the exercise comes into view, with the broken module.
	await expect(exercise.content).toContainText('await redis.get(key)) !== token');
	await expect(exercise.passed).toHaveCount(0);

	const posted = page.waitForResponse(
		(r) => r.url().includes('?/check') && r.request().method() === 'POST'
	);
	await exercise.checkMyFix.click();
	await expect(exercise.verdict).toContainText('✗ Not yet.', { timeout: 15_000 });
	expect((await posted).status()).toBe(200);
	await expect(exercise.check("A's release frees A's own lock")).toHaveAttribute('data-ok', 'true');
	const race = exercise.check("B's lock survives A's release");
	await expect(race).toHaveAttribute('data-ok', 'false');
	await expect(race).toContainText("deleted worker B's lock");
	// The server answered the post: its hint is there.
	await expect(exercise.result).toContainText('Hint:');
	// The race itself: worker B took the lock between worker A's GET and its DEL.
	await expect(exercise.trace.locator('li[data-actor="worker B"] code').first()).toContainText(
		'SET fix:lock:report worker-b:'
	);
	await expect(
		exercise.trace
			.locator('li[data-actor="worker A"] code')
			.filter({ hasText: 'DEL fix:lock:report' })
	).not.toHaveCount(0);
	await expect(exercise.passed).toHaveCount(0);

	// The learner's fix, typed over the broken module.
	await exercise.content.click();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.insertText(FIXED);
	await expect(exercise.content).toContainText('COMPARE_AND_DELETE');
	await exercise.checkMyFix.click();
	await expect(exercise.verdict).toContainText('✓ Passed.', { timeout: 15_000 });
	await expect(exercise.result.locator('.checks li[data-ok="true"]')).toHaveCount(3);
	await expect(exercise.passed).toBeVisible();
	await expect(exercise.trace.locator('li code').filter({ hasText: 'EVALSHA' })).not.toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);

	// The pass counts: kept for the learner, shown after a reload; the fix is kept too.
	await page.reload();
	await open(page, LESSON);
	await expect(exercise.passed).toBeVisible();
	await exercise.section.scrollIntoViewIfNeeded();
	await expect(exercise.content).toContainText('COMPARE_AND_DELETE');
	await expect(exercise.section.getByTestId('editor-state')).toContainText('Your edited version');
});

test("Show the course's version diffs it against the learner's", async ({ page }) => {
	await open(page, LESSON);
	const exercise = exerciseOf(page);
	await exercise.section.scrollIntoViewIfNeeded();
	await expect(exercise.content).toBeVisible();
	await exercise.courseVersion.click();
	const diff = exercise.section.getByTestId('diff');
	await expect(diff.getByTestId('diff-summary')).toContainText(
		"The course's version against your version:"
	);
	await expect(diff.locator('ins').filter({ hasText: 'runScript(redis, RELEASE' })).toHaveCount(1);
	await expect(diff.locator('del').filter({ hasText: 'redis.del(key)' })).toHaveCount(1);
	await exercise.section.getByText("The course's whole file").click();
	await expect(exercise.section.getByTestId('course-version')).toContainText('defineScript');
});
