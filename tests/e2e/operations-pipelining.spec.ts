import {
	demoOf,
	expect,
	expectNoSql,
	expectOutcome,
	open,
	run,
	runBlock,
	seriousViolations,
	test
} from './helpers';

const LESSON = '/learn/operations/pipelining';

test('pipelining: n GETs one by one, in one MGET and in one pipeline, timed and drawn as bars', async ({
	page
}) => {
	test.setTimeout(120_000); // the 1000-key run draws a trace of 3,001 commands (behind Show all)
	await open(page, LESSON);
	const demo = demoOf(page, 'pipelining');
	const bars = demo.result.getByTestId('bar-chart');

	await test.step('1. 100 keys: DONE, three bars, 100 round trips against 1 and 1, 301 commands', async () => {
		await expect(demo.field('n')).toHaveValue('100');
		await run(page, demo);
		await expectOutcome(demo, 'done');
		await expect(bars.locator('figcaption')).toHaveText(
			/^100 keys read three ways \(one by one: [\d.]+ ms per round trip\)$/
		);
		await expect(bars.locator('[data-bar]')).toHaveText([
			/^100 GETs, one by one\s*[\d.]+ ms$/,
			/^one pipeline of 100 GETs\s*[\d.]+ ms$/,
			/^one MGET of 100 keys\s*[\d.]+ ms$/
		]);
		// A record inside the result is listed as one, not printed as JSON.
		await expect(demo.entry('roundTrips').locator('dt')).toHaveText([
			'sequential',
			'pipeline',
			'mget'
		]);
		await expect(demo.entry('sequential')).toHaveText('100');
		await expect(demo.entry('pipeline')).toHaveText('1');
		await expect(demo.entry('mget')).toHaveText('1');
		for (const name of ['sequentialMs', 'pipelineMs', 'mgetMs']) {
			expect(Number(await demo.entry(name).textContent())).toBeGreaterThan(0);
		}
		const summary = demo.redisTrace.getByTestId('redis-trace-summary');
		await expect(summary).toContainText('301 commands');
		await expect(summary).toContainText('GET ×200');
		await expect(summary).toContainText('SET ×100');
		await expect(summary).toContainText('MGET ×1');
		await expectNoSql(demo);
		await expect(demo.keyTtls.getByTestId('key-ttls-summary')).toHaveText(
			/^100 keys: 100 with a TTL of (59 s to )?60 s when the demo ended\.$/
		);
		// The result as drawn (the bars, the numbers) passes axe; the shared trace widget is checked
		// on its own elsewhere, and axe over 301 commands takes long on 2 cores.
		expect(
			await seriousViolations(page, 'section[data-demo="pipelining"] [data-testid="demo-result"]')
		).toEqual([]);
	});

	await test.step('2. 1000 keys: DONE, 1000 round trips against 1 and 1; the result first, the 3,001 commands summed up under it', async () => {
		await run(page, demo, { n: 1000 }, { timeout: 30_000 });
		await expectOutcome(demo, 'done');
		await expect(demo.entry('n')).toHaveText('1000');
		await expect(demo.entry('sequential')).toHaveText('1000');
		await expect(demo.entry('pipeline')).toHaveText('1');
		await expect(bars.locator('[data-bar]').first()).toContainText('1000 GETs, one by one');
		const summary = demo.redisTrace.getByTestId('redis-trace-summary');
		await expect(summary).toContainText('3001 commands');
		// The full list stays closed; the summary's last lines are the short pipelined GETs.
		await expect(demo.redisTrace.locator('details.all')).not.toHaveAttribute('open');
		await expect(summary.locator('.peek-line').last()).toHaveText('> GET pipelining:item:1000');
		const resultBox = (await demo.result.boundingBox())!;
		const traceBox = (await demo.redisTrace.boundingBox())!;
		expect(resultBox.y).toBeLessThan(traceBox.y);
		// Readable: the result and the trace summary fit in a few screens, not thousands of lines.
		expect(traceBox.y + (await summary.boundingBox())!.height - resultBox.y).toBeLessThan(1500);
	});

	await test.step('3. the block in "Poke at it": every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});
