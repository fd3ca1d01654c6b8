/**
 * A lab demo that finds no lab free answers at once, and the page shows it as a wait with the
 * time to wait, not as an error of the pattern (issue 11). One learner's labs come from one demo
 * at a time, so two tabs of the same learner make the second one wait.
 */
import { demoOf, expect, expectOutcome, open, scrollAboveDock, test } from './helpers';

const LESSON = '/learn/operations/keys-vs-scan';

test('a second lab demo of the same learner waits: BUSY, a countdown, then it runs', async ({
	context
}) => {
	test.slow(); // the lab demo fills a private server with 200,000 keys
	const [first, second] = [await context.newPage(), await context.newPage()];
	await open(first, LESSON);
	await open(second, LESSON);
	const running = demoOf(first, 'keys-timed');
	const waiting = demoOf(second, 'keys-timed');

	await scrollAboveDock(running.button);
	await running.button.click();
	// Under way for 400 ms: its private server is up, so the second tab finds the learner's lab taken.
	await expect(running.progress).toBeVisible();
	await scrollAboveDock(waiting.button);
	await waiting.button.click();
	const output = waiting.section.getByTestId('demo-output');
	const busy = output.getByTestId('demo-busy');
	await expect(busy).toContainText('BUSY');
	await expect(busy).toContainText('Your other lab demo is still running');
	await expect(busy.getByTestId('demo-retry')).toHaveText(/^You can run it again in [1-5] s\.$/);
	await expect(output.getByRole('alert')).toHaveCount(0); // not shown as an error

	// The fill takes a few seconds alone, much longer on a busy 2-core machine.
	await expect(running.outcome).toHaveText('DONE', { timeout: 60_000 });
	await expect(busy.getByTestId('demo-retry')).toHaveText('Ready: press Fill and time again.', {
		timeout: 10_000
	});
	await waiting.button.click();
	await expect(waiting.outcome).toHaveText('DONE', { timeout: 60_000 });
	await expectOutcome(waiting, 'done');
});
