import {
	activityEntries,
	demoOf,
	expect,
	expectNoSql,
	expectOutcome,
	open,
	rowsOf,
	run,
	runBlock,
	scrollAboveDock,
	seriousViolations,
	test,
	type DemoWidgets
} from './helpers';

const LESSON = '/learn/operations/keys-vs-scan';
const PERSISTENCE = '/learn/operations/persistence';

const SAMPLE = Array.from({ length: 50 }, (_, i) => `scan:demo:${i + 1}`);

/** A result entry the page prints as JSON (`cursors`, `keys`), parsed back. */
const json = async (demo: DemoWidgets, name: string) =>
	JSON.parse((await demo.entry(name).textContent()) ?? 'null') as unknown;

/** A bar's value in ms, from "87.2 ms" beside it. */
async function barMs(demo: DemoWidgets, label: string): Promise<number> {
	const text = await demo.result.locator(`[data-bar="${label}"] .value`).textContent();
	const match = /^([\d.]+) ms$/.exec(text ?? '');
	expect(match, `a value in ms beside "${label}": ${text}`).not.toBeNull();
	return Number(match![1]);
}

test('keys-vs-scan: a SCAN walk over your own keys, then KEYS * against SCAN on 200,000 keys while a second lab demo waits', async ({
	page
}) => {
	// The lab demo fills a private server with 200,000 keys and walks them: a few seconds alone,
	// much longer on a busy 2-core machine.
	test.setTimeout(180_000);
	await open(page, LESSON);
	const scan = demoOf(page, 'scan');

	let firstCalls = 0;
	await test.step('1. scan:demo:*, COUNT 10: DONE, 50 keys, several calls ending at cursor 0, one row per call', async () => {
		await expect(scan.field('pattern')).toHaveValue('scan:demo:*');
		await expect(scan.field('count')).toHaveValue('10');
		await run(page, scan);
		await expectOutcome(scan, 'done');
		expect(await json(scan, 'keys')).toEqual(SAMPLE);
		const cursors = (await json(scan, 'cursors')) as string[];
		firstCalls = Number(await scan.entry('calls').textContent());
		expect(firstCalls).toBeGreaterThan(1);
		expect(cursors).toHaveLength(firstCalls);
		expect(cursors.at(-1)).toBe('0');
		const steps = await rowsOf(scan.table('steps'));
		expect(steps.map((row) => row['next cursor'])).toEqual(cursors);
		expect(steps.map((row) => row.cursor)).toEqual(['0', ...cursors.slice(0, -1)]);
		await expect(scan.summary).toHaveText(
			`SCAN MATCH scan:demo:* COUNT 10: 50 keys in ${firstCalls} calls`
		);
		await expect(scan.redisTrace.getByTestId('redis-trace-summary')).toContainText(
			`SCAN ×${firstCalls}`
		);
		await expectNoSql(scan);
	});

	await test.step('2. COUNT 1000: one call, cursors ["0"], 50 keys', async () => {
		await run(page, scan, { count: 1000 });
		await expectOutcome(scan, 'done');
		await expect(scan.entry('calls')).toHaveText('1');
		await expect(scan.entry('cursors')).toHaveText('["0"]');
		expect(await json(scan, 'keys')).toEqual(SAMPLE);
	});

	await test.step('3. COUNT 10, scan:demo:1*: 11 keys, in several calls', async () => {
		await run(page, scan, { pattern: 'scan:demo:1*', count: 10 });
		await expectOutcome(scan, 'done');
		expect(await json(scan, 'keys')).toEqual([
			'scan:demo:1',
			...Array.from({ length: 10 }, (_, i) => `scan:demo:${10 + i}`)
		]);
		expect(Number(await scan.entry('calls').textContent())).toBeGreaterThan(1);
	});

	await test.step("4. Fill and time: DONE, 200,000 names both ways, four bars, KEYS far above the median SCAN step; meanwhile the same learner's other lab demo waits: BUSY, a countdown, then it runs", async () => {
		// A second tab of the same learner, on another lab demo. One learner's labs come from one
		// demo at a time, so it finds the lab taken: shown as a wait with the time to wait, not as
		// an error of the pattern (issue 11).
		const other = await page.context().newPage();
		await open(other, PERSISTENCE);
		const waiting = demoOf(other, 'persistence');
		const keys = demoOf(page, 'keys-timed');
		const entries = activityEntries(page);
		const before = await entries.count();
		await scrollAboveDock(keys.button);
		await keys.button.click();
		// Under way for 400 ms: its private server is up, so the second tab finds the learner's lab taken.
		await expect(keys.progress).toBeVisible();
		await scrollAboveDock(waiting.button);
		await waiting.button.click();
		const output = waiting.section.getByTestId('demo-output');
		const busy = output.getByTestId('demo-busy');
		await expect(busy).toContainText('BUSY');
		await expect(busy).toContainText('Your other lab demo is still running');
		await expect(busy.getByTestId('demo-retry')).toHaveText(/^You can run it again in [1-5] s\.$/);
		await expect(output.getByRole('alert')).toHaveCount(0); // not shown as an error

		// The fill takes a few seconds alone, much longer on a busy 2-core machine.
		await expect(entries).toHaveCount(before + 1, { timeout: 60_000 });
		await expect(keys.button).toBeEnabled();
		await expectOutcome(keys, 'done');
		await expect(keys.entry('keys on the server')).toHaveText('200000');
		await expect(keys.entry('names in the KEYS reply')).toHaveText('200000');
		await expect(keys.entry('distinct names from SCAN')).toHaveText('200000');
		const calls = Number(await keys.entry('SCAN calls').textContent());
		expect(calls).toBeGreaterThan(150);
		await expect(keys.result.locator('[data-bar]')).toHaveCount(4);
		const keysMs = await barMs(keys, 'KEYS *, one call');
		const medianMs = await barMs(keys, 'median SCAN step');
		await barMs(keys, 'longest SCAN step (COUNT 1000)');
		await barMs(keys, `all ${calls} SCAN steps together`);
		expect(keysMs).toBeGreaterThan(medianMs * 5);
		// The 200,000 names are not printed: the trace is summed up, and the KEYS reply is cut.
		const summary = keys.redisTrace.getByTestId('redis-trace-summary');
		await expect(summary).toContainText(`${calls + 3} commands`);
		await expect(summary).toContainText('KEYS ×1');
		await expect(keys.redisTrace.locator('details.all')).not.toHaveAttribute('open');
		const keysReply = keys.replies.nth(1);
		await expect(keysReply).toContainText(/… \(\d+ chars\)$/);
		await expect(keys.keyTtls).toContainText('No key was touched.');
		// Both results as drawn (bars, the steps table) pass axe.
		for (const id of ['scan', 'keys-timed']) {
			expect(
				await seriousViolations(page, `section[data-demo="${id}"] [data-testid="demo-result"]`)
			).toEqual([]);
		}

		// The waiting tab may go now, and its demo runs.
		await expect(busy.getByTestId('demo-retry')).toHaveText(
			`Ready: press ${waiting.spec.button} again.`,
			{ timeout: 10_000 }
		);
		await run(other, waiting, {}, { timeout: 30_000 });
		await expectOutcome(waiting, 'done');
		await other.close();
	});

	await test.step('5. the block in "Poke at it": every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});
