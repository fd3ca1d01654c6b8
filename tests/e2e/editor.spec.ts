/**
 * The pattern editor (issue 14, parts 1 and 5): under "The code that ran" of an editable demo,
 * Edit opens CodeMirror (loaded only then), the learner's version runs in a Web Worker against
 * their own sandbox and its result shows in the demo's panel, marked as theirs; edits are kept
 * in the browser until Reset.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
	demoOf,
	expect,
	expectOutcome,
	open,
	openConsole,
	replyText,
	run,
	seriousViolations,
	test
} from './helpers';

const LESSON = '/learn/basic-caching/cache-aside';
const ORIGINAL = readFileSync('src/lib/server/patterns/cache-aside.ts', 'utf8');
const TTL_LINE = 'export const TTL_SECONDS = 60;';
/** The line of the file the TTL is on (1-based), as the editor numbers it. */
const TTL_LINE_NO = ORIGINAL.split('\n').indexOf(TTL_LINE) + 1;

/** The editor of a demo and its controls. */
function editorOf(page: Page, id: string) {
	const demo = demoOf(page, id);
	const editor = demo.section.getByTestId('pattern-editor');
	const button = (name: string) => demo.section.getByRole('button', { name, exact: true });
	return {
		demo,
		editor,
		edit: button('Edit'),
		runMine: button('Run my version'),
		stop: button('Stop'),
		reset: button('Reset to the original'),
		showChanges: button('Show changes'),
		content: editor.locator('.cm-content'),
		state: editor.getByTestId('editor-state'),
		line: (text: string) => editor.locator('.cm-line').filter({ hasText: text }),
		own: demo.section.getByTestId('own-run')
	};
}

/**
 * Goes to the top of the file (the editor opens at the function that ran), clicks at the end of
 * the line `text` and replaces its last `count` characters.
 */
async function retype(
	page: Page,
	editor: ReturnType<typeof editorOf>,
	text: string,
	count: number,
	typed: string
) {
	await editor.content.focus();
	await page.keyboard.press('ControlOrMeta+Home');
	await editor.line(text).click();
	await page.keyboard.press('End');
	for (let i = 0; i < count; i++) await page.keyboard.press('Backspace');
	await page.keyboard.type(typed);
}

/** The .js files the page has requested so far, and whether one of them is CodeMirror's. */
function scriptsOf(page: Page) {
	const urls = new Set<string>();
	page.on('response', (response) => {
		if (new URL(response.url()).pathname.endsWith('.js')) urls.add(response.url());
	});
	return {
		urls,
		/** Fetches each script again and looks for CodeMirror's editor class in it. */
		async codeMirrorAmong(list: string[]) {
			for (const url of list) {
				if ((await (await page.request.get(url)).text()).includes('cm-editor')) return true;
			}
			return false;
		}
	};
}

test('Edit loads CodeMirror only when pressed; a TTL of 5 runs as your version: SET ... EX 5, the key expiring', async ({
	page
}) => {
	const scripts = scriptsOf(page);
	await open(page, LESSON);
	await page.waitForLoadState('networkidle');
	const before = [...scripts.urls];
	expect(before.length).toBeGreaterThan(0);
	expect(await scripts.codeMirrorAmong(before), 'CodeMirror loaded before Edit').toBe(false);

	const read = editorOf(page, 'cache-aside-read');
	await expect(read.demo.section.getByText('Editing the code needs JavaScript.')).toBeHidden();
	await read.edit.click();
	await expect(read.content).toBeVisible();
	await expect(read.content).toBeFocused();
	await expect(read.state).toContainText("The course's original");
	const opened = [...scripts.urls].filter((url) => !before.includes(url));
	expect(await scripts.codeMirrorAmong(opened), 'CodeMirror loaded with Edit').toBe(true);

	await retype(page, read, TTL_LINE, 3, '5;');
	await expect(read.line('export const TTL_SECONDS')).toHaveText('export const TTL_SECONDS = 5;');
	await expect(read.state).toContainText('Your edited version');

	await read.runMine.click();
	await expect(read.own).toContainText('Your version');
	await expectOutcome(read.demo, 'miss');
	await expect(read.demo.commands).toHaveText([
		'> GET query:inventory',
		/^> SET query:inventory ".+" EX 5$/
	]);
	await expect(read.demo.statements).toHaveCount(1);
	await expect(read.demo.section.getByRole('status')).toContainText('Your version: MISS');

	// The key is in the learner's own sandbox, expiring within 5 s.
	await openConsole(page);
	const ttl = Number(/\(integer\) (-?\d+)/.exec(await replyText(page, 'TTL query:inventory'))?.[1]);
	expect(ttl).toBeGreaterThan(0);
	expect(ttl).toBeLessThanOrEqual(5);

	// The demo's own button still runs the course's version, shown as before.
	await expectOutcome(await run(page, read.demo), 'hit');
	await expect(read.own).toHaveCount(0);
	await expect(read.demo.commands).toHaveText(['> GET query:inventory']);
});

test('a syntax error shows its line and puts the cursor there; Ctrl+Enter runs', async ({
	page
}) => {
	await open(page, LESSON);
	const read = editorOf(page, 'cache-aside-read');
	await read.edit.click();
	await retype(page, read, TTL_LINE, 3, '= 60;');
	// Move the cursor away, then run from the keyboard.
	await page.keyboard.press('Control+Home');
	await page.keyboard.press('Control+Enter');
	await expect(read.own).toContainText('Your version');
	await expect(read.own.getByTestId('own-error-line')).toHaveText(`Line ${TTL_LINE_NO}:`);
	await expect(read.own.getByRole('alert')).toBeVisible();
	await expect(read.content).toBeFocused();
	await expect(read.editor.locator('.cm-activeLine')).toHaveText(
		'export const TTL_SECONDS = = 60;'
	);
});

test('the edit is kept across a reload, shown as a diff, and cleared by Reset', async ({
	page
}) => {
	await open(page, LESSON);
	let read = editorOf(page, 'cache-aside-read');
	await read.edit.click();
	await retype(page, read, TTL_LINE, 3, '5;');
	await expect(read.state).toContainText('Your edited version');

	await page.reload();
	await open(page, LESSON);
	read = editorOf(page, 'cache-aside-read');
	await expect(read.demo.section).toContainText('Your edited version is kept in this browser.');
	// Another demo's code on the page is its own: not edited.
	await expect(editorOf(page, 'cache-invalidate').demo.section).not.toContainText(
		'Your edited version is kept'
	);
	await read.edit.click();
	await expect(read.state).toContainText('Your edited version');
	await expect(read.line('export const TTL_SECONDS')).toHaveText('export const TTL_SECONDS = 5;');

	await read.showChanges.click();
	const diff = read.editor.getByTestId('diff');
	await expect(diff.getByTestId('diff-summary')).toHaveText(
		"Your version against the course's original: 1 line added, 1 line removed."
	);
	// Each changed line with its sign and number: + 5 for the new one, − 5 for the old.
	await expect(diff.locator('ins')).toHaveText([`+${TTL_LINE_NO}export const TTL_SECONDS = 5;`]);
	await expect(diff.locator('del')).toHaveText([`−${TTL_LINE_NO}${TTL_LINE}`]);

	// Closing the editor brings the highlighted source back, keeps the edit, and hands the
	// focus back to Edit.
	await read.demo.section.getByRole('button', { name: 'Close the editor' }).click();
	await expect(read.editor).toHaveCount(0);
	await expect(read.edit).toBeFocused();
	await expect(read.demo.section).toContainText('Your edited version is kept in this browser.');
	await read.edit.click();
	await expect(read.line('export const TTL_SECONDS')).toHaveText('export const TTL_SECONDS = 5;');
	await read.showChanges.click();

	await read.reset.click();
	await expect(read.line('export const TTL_SECONDS')).toHaveText(TTL_LINE);
	await expect(read.state).toContainText("The course's original");
	await expect(diff.getByTestId('diff-summary')).toHaveText(
		"No changes: your version is the course's original."
	);

	await page.reload();
	await open(page, LESSON);
	read = editorOf(page, 'cache-aside-read');
	await expect(read.demo.section).not.toContainText('Your edited version is kept');
	await read.edit.click();
	await expect(read.line('export const TTL_SECONDS')).toHaveText(TTL_LINE);
});

test('keyboard: Tab indents in the editor, Escape then Tab leaves it; axe-clean with it open', async ({
	page
}) => {
	await open(page, LESSON);
	const read = editorOf(page, 'cache-aside-read');
	await read.edit.focus();
	await page.keyboard.press('Enter');
	await expect(read.content).toBeFocused();
	await page.keyboard.press('Control+Home');
	await page.keyboard.press('Tab');
	await expect(read.content).toBeFocused();
	await expect(read.editor.locator('.cm-line').first()).toHaveText(/^\s+\S/);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Tab');
	await expect(read.content).not.toBeFocused();
	await page.keyboard.press('Shift+Tab');
	await expect(read.content).toBeFocused();
	await page.keyboard.press('Escape');
	await page.keyboard.press('Shift+Tab');
	await expect(read.showChanges).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(read.editor.getByTestId('diff-summary')).toBeVisible();

	await read.runMine.click();
	await expect(read.own).toContainText('Your version');
	expect(await seriousViolations(page)).toEqual([]);
});

test('a slow version shows its progress and Stop ends it; the focus goes back to Run my version', async ({
	page
}) => {
	await open(page, LESSON);
	const read = editorOf(page, 'cache-aside-read');
	await read.edit.click();
	// A wait of 4 s before the first command: still running when Stop is pressed.
	const first = 'const cached = await tryCache(redis.get(key));';
	await read.line(first).click();
	await page.keyboard.press('Home');
	await page.keyboard.insertText('await new Promise((resolve) => setTimeout(resolve, 4000)); ');
	await read.runMine.click();
	const running = read.demo.section.getByTestId('own-running');
	await expect(running.locator('progress')).toBeVisible();
	await expect(running).toContainText('Running your version…');
	await expect(read.runMine).toHaveAttribute('aria-disabled', 'true');
	await read.stop.click();
	await expect(read.own).toContainText('You stopped it after');
	await expect(running).toHaveCount(0);
	await expect(read.stop).toHaveCount(0);
	await expect(read.runMine).toBeFocused();
	// Nothing of the stopped run reached Redis.
	await expect(read.demo.redisTrace).toHaveCount(0);
});
