/**
 * A learner's version runs as their own app server would (issue 14): it starts from what the
 * course's app server keeps in memory for them (which locks its workers hold), and what it
 * writes there itself is kept by the page from one run to the next.
 */
import { demoOf, expect, expectOutcome, open, run, test } from './helpers';

const LESSON = '/learn/real-world/distributed-lock';

function editorOf(page: Parameters<typeof demoOf>[0], id: string) {
	const demo = demoOf(page, id);
	const button = (name: string) => demo.section.getByRole('button', { name, exact: true });
	return {
		demo,
		edit: button('Edit'),
		runMine: button('Run my version'),
		content: demo.section.getByTestId('pattern-editor').locator('.cm-content'),
		own: demo.section.getByTestId('own-run')
	};
}

/** Runs the learner's version and waits for its answer, whose `entry` must read `value`. */
async function runMine(
	editor: ReturnType<typeof editorOf>,
	outcome: string,
	[entry, value]: [string, string]
) {
	await editor.runMine.click();
	await expect(editor.own).toContainText('Your version', { timeout: 15_000 });
	await expect(editor.demo.entry(entry)).toHaveText(value, { timeout: 15_000 });
	await expectOutcome(editor.demo, outcome);
}

test("the course's Acquire, then Run my version of release: released; the version's own lock is kept between runs", async ({
	page
}) => {
	test.slow();
	await open(page, LESSON);
	const acquire = editorOf(page, 'lock-acquire');
	const release = editorOf(page, 'lock-release');

	const course = await run(page, acquire.demo);
	await expectOutcome(course, 'acquired');
	const courseToken = (await course.entry('token').innerText()).trim();
	await release.edit.click();
	await expect(release.content).toBeVisible();
	// the token the course's app server kept when it acquired
	await runMine(release, 'released', ['token sent', courseToken]);

	// The learner's version acquires, in one worker; its release, in another, knows the token.
	await acquire.edit.click();
	await expect(acquire.content).toBeVisible();
	await runMine(acquire, 'acquired', ['fence', '2']);
	const mineToken = (await acquire.demo.entry('token').innerText()).trim();
	expect(mineToken).not.toBe(courseToken);
	await runMine(release, 'released', ['token sent', mineToken]);
	// and the course's app server never heard of that lock: it still sends its own token
	const courseRelease = await run(page, release.demo);
	await expectOutcome(courseRelease, 'not-owner');
	await expect(courseRelease.entry('token sent')).toHaveText(courseToken);
});

test('Reset my sandbox forgets what the version kept, as it clears what the course kept', async ({
	page
}) => {
	test.slow();
	await open(page, LESSON);
	const acquire = editorOf(page, 'lock-acquire');
	const release = editorOf(page, 'lock-release');
	// The version's lock, kept by the page where the course's app server keeps nothing.
	await acquire.edit.click();
	await expect(acquire.content).toBeVisible();
	await runMine(acquire, 'acquired', ['fence', '1']);

	const reloaded = page.waitForResponse(
		(r) => r.url().includes('/__data.json') && r.request().method() === 'GET'
	);
	await page.getByRole('button', { name: 'Reset my sandbox' }).click();
	await page.getByRole('button', { name: 'Yes, reset' }).click();
	await reloaded;

	await release.edit.click();
	await expect(release.content).toBeVisible();
	await runMine(release, 'not-owner', ['token sent', '"worker-a:never-acquired"']);
});
