import { demoOf, expect, expectOutcome, open, rowsOf, run, runBlock, test } from './helpers';

const LESSON = '/learn/operations/memory';

/** A number as the page prints it: `184`, or `"184"` in a result entry. */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

test('memory: one customer as a JSON string and as a hash, then DEL against UNLINK of a big set', async ({
	page
}) => {
	test.slow(); // two lab demos, one of them building a set of 200,000 members
	await open(page, LESSON);

	await test.step('1. Customer 4, Measure: DONE, four bars, jsonBytes = hashBytes, the hash with notes a hashtable and the largest', async () => {
		const demo = demoOf(page, 'memory-compare');
		await expect(demo.field('customer-id')).toHaveValue('4');
		await run(page, demo);
		await expectOutcome(demo, 'done');
		const bars = demo.result.getByTestId('bar-chart');
		await expect(bars.locator('[data-bar]')).toHaveText([
			/^JSON string \(raw\)\s*\d+ bytes$/,
			/^hash \(listpack\)\s*\d+ bytes$/,
			/^JSON string with notes \(raw\)\s*\d+ bytes$/,
			/^hash with notes \(hashtable\)\s*\d+ bytes$/
		]);
		const jsonBytes = numberIn(await demo.entry('jsonBytes').textContent());
		expect(jsonBytes).toBeGreaterThan(100);
		expect(numberIn(await demo.entry('hashBytes').textContent())).toBe(jsonBytes);
		await expect(demo.entry('listpack limits')).toHaveText('"512 fields, 64 bytes a value"');

		const forms = await rowsOf(demo.table('forms'));
		expect(forms.map((row) => [row.form, row.encoding])).toEqual([
			['JSON string', 'raw'],
			['hash', 'listpack'],
			['JSON string with notes', 'raw'],
			['hash with notes', 'hashtable']
		]);
		const bytes = forms.map((row) => Number(row.bytes));
		expect(Math.max(...bytes)).toBe(bytes[3]);
		await expect(demo.commands.first()).toHaveText('> CONFIG GET hash-max-listpack-*');
		await expect(demo.statements).toHaveCount(1);
	});

	await test.step('2. 200,000 members, Delete both: DONE; the DEL bar is the long one, DEL took many times the server time of UNLINK', async () => {
		const demo = demoOf(page, 'big-key-delete');
		await expect(demo.field('members')).toHaveValue('200000');
		await run(page, demo, {}, { timeout: 30_000 });
		await expectOutcome(demo, 'done');
		await expect(demo.entry('lazyfree-lazy-user-del')).toHaveText('"no"');
		const bars = demo.result.getByTestId('bar-chart');
		await expect(bars.locator('[data-bar]')).toHaveText([
			/^DEL\s*[\d.]+ ms$/,
			/^UNLINK\s*[\d.]+ ms$/
		]);
		const removals = await rowsOf(demo.table('removals'));
		expect(removals.map((row) => [row.command, row.key])).toEqual([
			['DEL', 'visitors:del'],
			['UNLINK', 'visitors:unlink']
		]);
		const [del, unlink] = removals.map((row) => Number(row['server time (µs)']));
		expect(del).toBeGreaterThan(unlink!);
		expect(del).toBeGreaterThan(5000);
	});

	await test.step('3. the block in "Poke at it": every checked reply matches', async () => {
		await runBlock(page.getByTestId('redis-block').first());
	});
});
