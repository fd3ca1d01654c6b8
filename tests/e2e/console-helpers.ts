import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect } from './helpers';

/** The console dock of a lesson page: the toggle, the tabs, the prompt, the output, the keys. */
export function dockOf(page: Page) {
	const output = page.getByTestId('console-output');
	const inspector = page.getByTestId('key-inspector');
	return {
		toggle: page.getByRole('button', { name: 'Redis console' }),
		consoleTab: page.getByRole('tab', { name: 'Console', exact: true }),
		keysTab: page.getByRole('tab', { name: 'Keys', exact: true }),
		input: page.getByRole('textbox', { name: 'Redis command' }),
		output,
		/** One block per line sent: `> LINE` and the reply under it. */
		entries: output.locator('.entry'),
		inspector,
		/** The inspector's rows, one per key: `tr[data-key=<name>]`. */
		keyRows: inspector.locator('tr[data-key]'),
		keyRow: (key: string) => inspector.locator(`tr[data-key="${key}"]`),
		reset: inspector.getByRole('button', { name: 'Reset my sandbox' })
	};
}
export type Dock = ReturnType<typeof dockOf>;

/**
 * With the dock open, a 720 px high window shows the lesson only in the strip between the sticky
 * header and the dock, and Playwright's own scrolling puts a button under one or the other. This
 * scrolls the way a reader would: the element just below the header, where it can be clicked.
 */
export async function scrollAboveDock(target: Locator) {
	await target.evaluate((element) => {
		const header = document.querySelector('body > * header, header');
		const top = header ? header.getBoundingClientRect().bottom : 0;
		window.scrollBy({ top: element.getBoundingClientRect().top - top - 24, behavior: 'instant' });
	});
}

/** Opens the dock with its button (unless it is open) and shows the Console tab. */
export async function openConsole(page: Page) {
	const dock = dockOf(page);
	if ((await dock.toggle.getAttribute('aria-expanded')) !== 'true') await dock.toggle.click();
	await expect(dock.toggle).toHaveAttribute('aria-expanded', 'true');
	await dock.consoleTab.click();
	await expect(dock.consoleTab).toHaveAttribute('aria-selected', 'true');
	await expect(dock.input).toBeVisible();
	return dock;
}

/** Opens the dock (unless it is open) on the Keys tab, once the inspector has loaded. */
export async function openKeys(page: Page) {
	const dock = dockOf(page);
	if ((await dock.toggle.getAttribute('aria-expanded')) !== 'true') await dock.toggle.click();
	await dock.keysTab.click();
	await expect(dock.keysTab).toHaveAttribute('aria-selected', 'true');
	await expect(dock.inspector).toHaveAttribute('aria-busy', 'false');
	return dock;
}

/**
 * Types one line at the prompt and presses Enter, then waits for its reply (a new entry in the
 * output, the prompt usable again). Returns the entry's reply, `<pre>` under the `> LINE`.
 */
export async function type(page: Page, line: string) {
	const dock = dockOf(page);
	const before = await dock.entries.count();
	await dock.input.fill(line);
	await dock.input.press('Enter');
	await expect(dock.entries).toHaveCount(before + 1, { timeout: 10_000 });
	await expect(dock.input).toHaveAttribute('aria-busy', 'false');
	await expect(dock.input).toHaveValue('');
	const entry = dock.entries.last();
	await expect(entry.locator('.line')).toHaveText(`> ${line}`);
	return entry.locator('pre.reply');
}

/** The reply's text exactly as printed (no whitespace normalisation). */
export async function replyText(page: Page, line: string): Promise<string> {
	const reply = await type(page, line);
	return (await reply.textContent()) ?? '';
}

/** The seconds left on a key's TTL as the inspector counts it down, from "29 s". */
export async function inspectorTtl(dock: Dock, key: string): Promise<number> {
	const text = (await dock.keyRow(key).locator('.ttl').textContent()) ?? '';
	const match = /^\s*(\d+) s\s*$/.exec(text);
	expect(match, `a TTL in seconds in "${text}"`).not.toBeNull();
	return Number(match![1]);
}

/** POST /api/console as a tool would: JSON `{ line }` in, the raw response out. */
export async function postLine(request: APIRequestContext, line: unknown) {
	return request.post('/api/console', {
		data: JSON.stringify({ line }),
		headers: { 'content-type': 'application/json' }
	});
}

/** POST /api/console and the `{ reply, error }` of a 200 answer. */
export async function consoleReply(
	request: APIRequestContext,
	line: string
): Promise<{ reply: string; error: boolean }> {
	const response = await postLine(request, line);
	expect(response.status(), `POST /api/console ${JSON.stringify(line)}`).toBe(200);
	return (await response.json()) as { reply: string; error: boolean };
}
