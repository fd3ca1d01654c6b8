// Runs in the 'no-js' project only (javaScriptEnabled: false): the burst is a plain form post,
// and the server renders the timeline and the comparison of the run it just made.
import { expect, expectOutcome, open, rowsOf, run, test } from './helpers';

test.beforeEach(({ javaScriptEnabled }) => {
	expect(javaScriptEnabled, 'this spec runs in the no-js project').toBe(false);
});

test('the stampede lab without JavaScript: mutex, then stale-while-revalidate on a failing database', async ({
	page
}) => {
	test.slow(); // two bursts, each answered with a whole page
	await open(page, '/learn/stampede/cache-stampede');

	const mutex = await run(page, 'stampede', { strategy: 'mutex', requests: 100 });
	await expectOutcome(mutex, 'done');
	await expect(mutex.result.getByTestId('stampede-timeline')).toContainText('database ×1');
	const [row] = await rowsOf(mutex.result.getByTestId('stampede-comparison'));
	expect(row).toMatchObject({ strategy: 'mutex', 'db queries': '1', errors: '0' });
	await expect(mutex.entry('served')).toHaveText('100');
	// The latency, a record inside the result, is listed by its percentiles, not printed as JSON.
	await expect(mutex.entry('latency').locator('dt')).toHaveText(['p50', 'p99', 'max']);
	expect(Number(await mutex.entry('p99').textContent())).toBeGreaterThan(0);

	const grace = await run(page, 'stampede', {
		strategy: 'stale-while-revalidate',
		database: 'failing'
	});
	await expectOutcome(grace, 'stale');
	await expect(grace.entry('stale')).toHaveText('100');
	await expect(grace.entry('errors')).toHaveText('0');
	await expect(grace.entry('messages')).toContainText('background reload failed');
});
