/**
 * Every "Check yourself" question of the operations chapter opens its answer, by mouse and by
 * keyboard, and the answer is there (the lessons' other chapters are walked by their own specs).
 */
import { expect, LESSONS, open, test } from './helpers';

for (const { path } of LESSONS.filter((lesson) => lesson.path.startsWith('/learn/operations/'))) {
	test(`${path}: each "Check yourself" answer opens`, async ({ page }) => {
		await open(page, path);
		const section = page.locator('h2:text-is("Check yourself") ~ details');
		const count = await section.count();
		expect(count, 'questions with an answer').toBeGreaterThanOrEqual(2);
		for (let i = 0; i < count; i++) {
			const answer = section.nth(i);
			await expect(answer).not.toHaveAttribute('open');
			if (i % 2 === 0) await answer.locator('summary').click();
			else {
				await answer.locator('summary').focus();
				await page.keyboard.press('Enter');
			}
			await expect(answer).toHaveAttribute('open');
			const text = (await answer.innerText()).replace(/^\s*Answer\s*/, '');
			expect(text.length, `answer ${i + 1}`).toBeGreaterThan(40);
		}
	});
}
