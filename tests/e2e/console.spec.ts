import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
	demoOf,
	dockOf,
	expect,
	inspectorTtl,
	newLearner,
	open,
	openConsole,
	openKeys,
	replyText,
	run,
	runBlock,
	scrollAboveDock,
	test,
	type
} from './helpers';

/** A lesson that nobody is rewriting: the console is docked in every lesson page. */
const LESSON = '/learn/foundations/the-data';
const CACHE_ASIDE = '/learn/basic-caching/cache-aside';

test.describe('the Redis console dock', () => {
	test('opens and closes with Ctrl+` and with its button; Escape closes it', async ({ page }) => {
		await open(page, LESSON);
		const dock = dockOf(page);
		await expect(dock.toggle).toHaveAttribute('aria-expanded', 'false');
		await expect(dock.input).toHaveCount(0);

		await test.step('Ctrl+` opens it with the prompt focused, and closes it again', async () => {
			await page.keyboard.press('Control+Backquote');
			await expect(dock.toggle).toHaveAttribute('aria-expanded', 'true');
			await expect(dock.consoleTab).toHaveAttribute('aria-selected', 'true');
			await expect(dock.keysTab).toBeVisible();
			await expect(dock.input).toBeFocused();
			await page.keyboard.press('Control+Backquote');
			await expect(dock.toggle).toHaveAttribute('aria-expanded', 'false');
			await expect(dock.input).toHaveCount(0);
		});

		await test.step('the button opens it; Escape in the prompt closes it', async () => {
			await dock.toggle.click();
			await expect(dock.toggle).toHaveAttribute('aria-expanded', 'true');
			await expect(dock.input).toBeFocused();
			await page.keyboard.press('Escape');
			await expect(dock.toggle).toHaveAttribute('aria-expanded', 'false');
			await expect(dock.input).toHaveCount(0);
			await expect(dock.toggle).toBeFocused();
		});
	});

	test('commands, a refused admin command, history, clear and help', async ({ page }) => {
		await open(page, LESSON);
		const dock = await openConsole(page);
		const typed: string[] = [];
		const send = async (line: string) => {
			typed.push(line);
			return type(page, line);
		};

		await test.step('SET then GET, printed as redis-cli prints them', async () => {
			await expect(await send('SET greeting hello')).toHaveText('OK');
			await expect(await send('GET greeting')).toHaveText('"hello"');
		});

		await test.step('CONFIG GET maxmemory: a one-line refusal that says why', async () => {
			const reply = await send('CONFIG GET maxmemory');
			await expect(reply).toHaveText(/^\(error\) not available in the sandbox: CONFIG \S.*$/);
			await expect(reply).toHaveClass(/\berror\b/);
			expect(await reply.textContent()).not.toContain('\n');
		});

		await test.step('the console still works afterwards', async () => {
			await expect(await send('GET greeting')).toHaveText('"hello"');
			await expect(await send('INCR visits')).toHaveText('(integer) 1');
		});

		await test.step('ArrowUp recalls the previous lines in order; ArrowDown walks back', async () => {
			await dock.input.focus();
			for (let i = typed.length - 1; i >= 0; i--) {
				await dock.input.press('ArrowUp');
				await expect(dock.input).toHaveValue(typed[i]!);
			}
			// The oldest line is the top of the history: another ArrowUp stays there.
			await dock.input.press('ArrowUp');
			await expect(dock.input).toHaveValue(typed[0]!);
			for (let i = 1; i < typed.length; i++) {
				await dock.input.press('ArrowDown');
				await expect(dock.input).toHaveValue(typed[i]!);
			}
			// Past the newest line: an empty prompt again.
			await dock.input.press('ArrowDown');
			await expect(dock.input).toHaveValue('');
		});

		await test.step('a recalled line can be sent again', async () => {
			await dock.input.press('ArrowUp');
			await expect(dock.input).toHaveValue('INCR visits');
			const before = await dock.entries.count();
			await dock.input.press('Enter');
			await expect(dock.entries).toHaveCount(before + 1);
			await expect(dock.entries.last().locator('pre.reply')).toHaveText('(integer) 2');
		});

		await test.step('clear empties the output', async () => {
			await expect(dock.entries).not.toHaveCount(0);
			await dock.input.fill('clear');
			await dock.input.press('Enter');
			await expect(dock.entries).toHaveCount(0);
			await expect(dock.output).not.toContainText('"hello"');
			await expect(dock.output).not.toContainText('(integer)');
			await expect(dock.input).toHaveValue('');
			await expect(dock.input).toBeFocused();
		});

		await test.step('help set prints a one-line summary', async () => {
			const reply = await type(page, 'help set');
			await expect(reply).toHaveText(/^SET: \S.*$/);
			await expect(reply).not.toHaveClass(/\berror\b/);
			expect(await reply.textContent()).not.toContain('\n');
		});
	});

	test('EXPIRE: the Keys tab lists the key with a falling TTL; Reset my sandbox empties it', async ({
		page
	}) => {
		await open(page, LESSON);
		await openConsole(page);
		await expect(await type(page, 'SET greeting hello')).toHaveText('OK');
		await expect(await type(page, 'EXPIRE greeting 30')).toHaveText('(integer) 1');

		const dock = await openKeys(page);
		const row = dock.keyRow('greeting');

		await test.step('greeting is listed as a string, its TTL counting down', async () => {
			await expect(row).toHaveCount(1);
			await expect(row.locator('td').nth(0)).toHaveText('greeting');
			await expect(row.locator('td').nth(1)).toHaveText('string');
			await expect(row).toContainText('hello');
			const first = await inspectorTtl(dock, 'greeting');
			expect(first).toBeLessThanOrEqual(30);
			expect(first).toBeGreaterThan(20);
			// Within a second or so the countdown shows less time left.
			await expect
				.poll(() => inspectorTtl(dock, 'greeting'), { timeout: 4_000, intervals: [250] })
				.toBeLessThan(first);
		});

		await test.step('Reset my sandbox empties the list', async () => {
			await dock.reset.click();
			await dock.inspector.getByRole('button', { name: 'Yes, reset' }).click();
			await expect(dock.keyRows).toHaveCount(0);
			await expect(dock.inspector).toContainText('0 keys in your sandbox');
			await expect(dock.inspector).toContainText('No keys yet');
		});

		await test.step('GET greeting is now (nil)', async () => {
			await openConsole(page);
			await expect(await type(page, 'GET greeting')).toHaveText('(nil)');
			await expect(await type(page, 'KEYS *')).toHaveText('(empty array)');
		});
	});

	test("a second learner (another browser context) sees none of the first one's keys", async ({
		page,
		browser,
		baseURL
	}) => {
		await open(page, LESSON);
		await openConsole(page);
		await expect(await type(page, 'SET greeting hello')).toHaveText('OK');
		const first = await openKeys(page);
		await expect(first.keyRow('greeting')).toHaveCount(1);

		const other = await newLearner(browser, baseURL);
		try {
			await open(other.page, LESSON);
			await openConsole(other.page);
			await expect(await type(other.page, 'GET greeting')).toHaveText('(nil)');
			await expect(await type(other.page, 'KEYS *')).toHaveText('(empty array)');
			const keys = await openKeys(other.page);
			await expect(keys.inspector).toContainText('0 keys in your sandbox');
			await expect(keys.keyRows).toHaveCount(0);
		} finally {
			await other.context.close();
		}

		// And the first learner still has theirs.
		await openConsole(page);
		await expect(await type(page, 'GET greeting')).toHaveText('"hello"');
	});

	test('a demo run makes its key appear in the open Keys tab', async ({ page }) => {
		await open(page, CACHE_ASIDE);
		const dock = await openKeys(page);
		await expect(dock.inspector).toContainText('0 keys in your sandbox');

		const read = demoOf(page, 'cache-aside-read');
		await scrollAboveDock(read.section);
		await run(page, read, { table: 'inventory' });
		// No Refresh pressed: the inspector reloads after every demo run.
		const row = dock.keyRow('query:inventory');
		await expect(row).toHaveCount(1);
		await expect(row.locator('td').nth(1)).toHaveText('string');
		const ttl = await inspectorTtl(dock, 'query:inventory');
		expect(ttl).toBeLessThanOrEqual(60);
		expect(ttl).toBeGreaterThan(50);

		// The console reads the same key.
		await openConsole(page);
		expect(await replyText(page, 'EXISTS query:inventory')).toBe('(integer) 1');
	});
});

const WHY_REDIS = '/learn/foundations/why-redis';
const WHY_REDIS_FILE = fileURLToPath(
	new URL('../../content/01-foundations/01-why-redis.md', import.meta.url)
);

test.describe('why-redis: runnable blocks and the Try it steps', () => {
	test('the Try it steps of the lesson are the ones this test follows', async () => {
		const markdown = await readFile(WHY_REDIS_FILE, 'utf8');
		const tryIt = /^## Try it\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
		expect(tryIt, 'a "## Try it" section').not.toBe('');
		expect(tryIt).toMatch(/1\. Press \*\*Run\*\* on the strings block: every reply matches\./);
		expect(tryIt).toMatch(
			/type `SET visits 10` then `INCR visits`: the reply is\s+`\(integer\) 11`/
		);
		expect(tryIt).toMatch(/\*\*Keys\*\* tab: `visits` is listed as a string with no TTL/);
		expect(tryIt).toMatch(/Type `EXPIRE visits 30`: in the \*\*Keys\*\* tab its TTL counts down/);
		// The strings block is the first runnable block of the lesson.
		const firstBlock = /```redis\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
		expect(firstBlock).toContain('> INCRBY try:page-views 9');
	});

	test('1. Run on the strings block: every checked reply matches, and the console shows the lines', async ({
		page
	}) => {
		await open(page, WHY_REDIS);
		const block = page.getByTestId('redis-block').first();
		await expect(block).toContainText('INCRBY try:page-views 9');
		await expect(block.getByRole('button', { name: 'Copy' })).toBeVisible();
		const runButton = block.getByRole('button', { name: 'Run', exact: true });
		const steps = block.locator('ol > li');
		const checked = block.locator('li[data-match]');
		const caption = block.locator('figcaption');
		// Before a run the expected replies are shown and nothing is checked yet.
		await expect(checked).toHaveCount(0);
		await expect(caption).toHaveCount(0);
		const stepCount = await steps.count();
		expect(stepCount).toBeGreaterThan(1);

		await runButton.click();
		await expect(runButton).toBeEnabled({ timeout: 10_000 });
		await expect(runButton).toHaveText('Run');
		await expect(caption).toHaveText(/^✓\s*(\d+) of \1 replies as expected$/);
		const total = Number(/(\d+) of/.exec((await caption.textContent()) ?? '')![1]);
		expect(total).toBeGreaterThan(0);
		await expect(checked).toHaveCount(total);
		await expect(block.locator('li[data-match="true"]')).toHaveCount(total);
		await expect(block.locator('li[data-match="false"]')).toHaveCount(0);
		await expect(block).not.toContainText('Expected:');

		// Every line went through the console, in order, with the same replies.
		const commands = await steps.locator('code.command').allTextContents();
		const replies = await steps.locator('pre.reply').allTextContents();
		expect(replies).toHaveLength(stepCount);
		const dock = await openConsole(page);
		await expect(dock.entries).toHaveCount(stepCount);
		await expect(dock.entries.locator('.line')).toHaveText(commands);
		expect(await dock.entries.locator('pre.reply').allTextContents()).toEqual(replies);

		// Running it again, the dock open, gives the same answers: the block deletes its keys first.
		await scrollAboveDock(block);
		await runButton.click();
		await expect(dock.entries).toHaveCount(stepCount * 2, { timeout: 10_000 });
		await expect(runButton).toBeEnabled();
		await expect(caption).toHaveText(`✓ ${total} of ${total} replies as expected`);
	});

	test('Try it, steps 1 to 4, as the lesson writes them', async ({ page }) => {
		await open(page, WHY_REDIS);

		await test.step('1. Press Run on the strings block: every reply matches', async () => {
			await runBlock(page.getByTestId('redis-block').first());
		});

		await test.step('2. Ctrl+`, SET visits 10 then INCR visits: (integer) 11', async () => {
			const dock = dockOf(page);
			await page.keyboard.press('Control+Backquote');
			await expect(dock.input).toBeFocused();
			await expect(await type(page, 'SET visits 10')).toHaveText('OK');
			await expect(await type(page, 'INCR visits')).toHaveText('(integer) 11');
		});

		await test.step('3. the Keys tab lists visits as a string with no TTL', async () => {
			const dock = await openKeys(page);
			const row = dock.keyRow('visits');
			await expect(row).toHaveCount(1);
			await expect(row.locator('td').nth(1)).toHaveText('string');
			await expect(row.locator('.ttl')).toHaveText('-1 (no expiry)');
		});

		await test.step('4. EXPIRE visits 30: in the Keys tab its TTL counts down', async () => {
			await openConsole(page);
			await expect(await type(page, 'EXPIRE visits 30')).toHaveText('(integer) 1');
			const dock = await openKeys(page);
			await expect(dock.keyRow('visits').locator('.ttl')).toHaveText(/^\d+ s$/);
			const first = await inspectorTtl(dock, 'visits');
			expect(first).toBeLessThanOrEqual(30);
			expect(first).toBeGreaterThan(20);
			await expect
				.poll(() => inspectorTtl(dock, 'visits'), { timeout: 4_000, intervals: [250] })
				.toBeLessThan(first);
		});
	});
});
