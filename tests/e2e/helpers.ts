import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'devalue';
import { parse as parseYaml } from 'yaml';
import {
	expect,
	type APIRequestContext,
	test as base,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';

export const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/**
 * Every lesson of the course as the outline must show it, in order: read from content/ (file
 * names give order and URL, front matter the title and minutes), independently of the app.
 */
export const LESSONS = readdirSync('content', { recursive: true, encoding: 'utf8' })
	.filter((file) => file.endsWith('.md'))
	.map((file) => {
		const [chapter, lesson] = file.replace(/\.md$/, '').split('/') as [string, string];
		const order = [chapter, lesson].map((part) => Number(part.split('-')[0]));
		const front = parseYaml(
			/^---\n([\s\S]*?)\n---/.exec(readFileSync(`content/${file}`, 'utf8'))![1]!
		);
		const strip = (part: string) => part.replace(/^\d+-/, '');
		return {
			order,
			path: `/learn/${strip(chapter)}/${strip(lesson)}`,
			title: String(front.title),
			minutes: Number(front.minutes)
		};
	})
	.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!)
	.map(({ path, title, minutes }) => ({ path, title, minutes }));

/** The button label of each demo, as the widget renders it. */
export const BUTTONS = {
	'view-table': 'Run query',
	'cache-aside-read': 'Read',
	'cache-invalidate': 'Update and invalidate',
	'write-through-write': 'Write through'
} as const;
export type DemoId = keyof typeof BUTTONS;

/**
 * Records every form that SvelteKit's `use:enhance` has taken over (it adds its submit listener
 * through HTMLFormElement.prototype.addEventListener), so a test can wait for hydration instead
 * of clicking a button that would still do a plain form post.
 */
const TRACK_ENHANCED_FORMS = () => {
	const enhanced = new WeakSet<HTMLFormElement>();
	(window as unknown as { __e2eEnhanced: WeakSet<HTMLFormElement> }).__e2eEnhanced = enhanced;
	const add = HTMLFormElement.prototype.addEventListener;
	HTMLFormElement.prototype.addEventListener = function (
		this: HTMLFormElement,
		...args: Parameters<HTMLFormElement['addEventListener']>
	) {
		if (args[0] === 'submit') enhanced.add(this);
		return add.apply(this, args);
	} as HTMLFormElement['addEventListener'];
};

export async function trackHydration(context: BrowserContext) {
	await context.addInitScript(TRACK_ENHANCED_FORMS);
}

/** Every test's context records enhanced forms (a no-op when JavaScript is off). */
export const test = base.extend({
	context: async ({ context }, use) => {
		await trackHydration(context);
		await use(context);
	}
});
export { expect };

/** A new learner: a fresh browser context (new cookie, cold cache) with one page. */
export async function newLearner(browser: Browser, baseURL: string | undefined) {
	const context = await browser.newContext({ baseURL });
	await trackHydration(context);
	const page = await context.newPage();
	return { context, page };
}

/** Waits until every form on the page is enhanced (JavaScript on) or at once (JavaScript off). */
export async function waitForHydration(page: Page) {
	if (base.info().project.use.javaScriptEnabled === false) return;
	await page.waitForFunction(() => {
		const enhanced = (window as unknown as { __e2eEnhanced?: WeakSet<HTMLFormElement> })
			.__e2eEnhanced;
		const forms = [...document.forms];
		return !!enhanced && forms.length > 0 && forms.every((form) => enhanced.has(form));
	});
}

/** Opens a page of the course and waits until it is interactive. */
export async function open(page: Page, path: string) {
	const response = await page.goto(path);
	expect(response?.status(), `GET ${path}`).toBe(200);
	await waitForHydration(page);
}

/** The widgets of one demo on the page, found by its data-demo id (and its button's label). */
export function demoOf<Id extends string>(
	page: Page,
	id: Id,
	...[button]: Id extends DemoId ? [button?: string] : [button: string]
) {
	const section = page.locator(`section[data-demo="${id}"]`);
	const output = section.getByTestId('demo-output');
	const result = output.getByTestId('demo-result');
	return {
		section,
		table: section.getByLabel('Table'),
		button: section.getByRole('button', {
			name: button ?? BUTTONS[id as DemoId],
			exact: true
		}),
		outcome: output.locator('[data-outcome]'),
		totalMs: output.getByTestId('demo-ms'),
		redisTrace: output.getByTestId('redis-trace'),
		/** Each command as redis-cli prints it: `> GET query:inventory`. */
		commands: output.getByTestId('redis-trace').locator('li code'),
		replies: output.getByTestId('redis-trace').locator('li pre'),
		sqlTrace: output.getByTestId('sql-trace'),
		statements: output.getByTestId('sql-trace').locator('li'),
		keyTtls: output.getByTestId('key-ttls'),
		result,
		/** The value of a plain entry of the result (`queue` → "1"), as the page prints it. */
		entry: (name: string) => result.locator(`dt:text-is("${name}") + dd`)
	};
}
export type DemoWidgets = ReturnType<typeof demoOf>;

/** The entries of the lesson's activity log, newest first. */
export const activityEntries = (page: Page) => page.getByTestId('activity-log').locator('li');

/**
 * Chooses the table and presses the demo's button, then waits until the run is over: every run,
 * with or without JavaScript, adds one entry to the lesson's activity log.
 */
export async function runDemo(page: Page, id: DemoId, table = 'inventory') {
	const demo = demoOf(page, id);
	const entries = activityEntries(page);
	const before = await entries.count();
	await demo.table.selectOption(table);
	await demo.button.click();
	await expect(entries).toHaveCount(before + 1, { timeout: 10_000 });
	await expect(demo.button).toBeEnabled();
	return demo;
}

/** Asserts the outcome badge: the word (never colour alone) and the data attribute. */
export async function expectOutcome(demo: DemoWidgets, outcome: string) {
	await expect(demo.outcome).toHaveText(outcome.toUpperCase());
	await expect(demo.outcome).toHaveAttribute('data-outcome', outcome);
}

/** The total time of the last run, in ms, from "52.5 ms in all". */
export async function totalMs(demo: DemoWidgets): Promise<number> {
	const text = (await demo.totalMs.textContent()) ?? '';
	const match = /([\d.]+)\s*ms/.exec(text);
	expect(match, `total time in "${text}"`).not.toBeNull();
	return Number(match![1]);
}

/** The value of one column of the result row whose `id` is `id`. */
export async function resultCell(result: Locator, id: number, column: string): Promise<string> {
	const headers = (await result.locator('thead th').allTextContents()).map((h) => h.trim());
	const idIndex = headers.indexOf('id');
	const columnIndex = headers.indexOf(column);
	expect(idIndex, `"id" column in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
	expect(columnIndex, `"${column}" column in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
	const rows = result.locator('tbody tr');
	const count = await rows.count();
	for (let i = 0; i < count; i++) {
		const cells = (await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim());
		if (cells[idIndex] === String(id)) return cells[columnIndex]!;
	}
	throw new Error(`no row with id ${id} in the result`);
}

/** Product 1's stock as the result table of a demo shows it. */
export const stockOfProduct1 = async (demo: DemoWidgets) =>
	Number(await resultCell(demo.result, 1, 'stock'));

/** The seconds left on a key's TTL, from "TTL 59 s". */
export async function ttlSeconds(demo: DemoWidgets, key: string): Promise<number> {
	const text = (await demo.keyTtls
		.locator('li', { hasText: key })
		.locator('[data-ttl-ms]')
		.textContent())!;
	const match = /TTL (\d+) s/.exec(text);
	expect(match, `a TTL in seconds in "${text}"`).not.toBeNull();
	return Number(match![1]);
}

/** Posts a demo form as the enhanced form does and returns SvelteKit's JSON action result. */
export async function postDemo(
	request: APIRequestContext,
	lesson: string,
	form: Record<string, string>,
	accept = 'application/json'
) {
	const response = await request.post(`${lesson}?/demo`, {
		form,
		headers: { accept, origin: ORIGIN },
		maxRedirects: 0
	});
	return response;
}

/** Product 1's stock in a fresh learner's database (the seed), read through the view-table demo. */
export async function seededStockOfProduct1(request: APIRequestContext): Promise<number> {
	const response = await postDemo(request, '/learn/foundations/the-data', {
		demo: 'view-table',
		table: 'inventory'
	});
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { type: string; data: string };
	expect(body.type).toBe('success');
	const { result } = parse(body.data) as { result: { id: number; stock: number }[] };
	return result.find((row) => row.id === 1)!.stock;
}
