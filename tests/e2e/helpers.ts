/**
 * The one set of helpers every spec uses: the course's lessons, a demo's widgets on the page
 * (`demoOf`), running a demo (`run`), its outcome (`expectOutcome`), its result tables
 * (`rowsOf`, `rowWhere`, `rowOf`), its keys' TTLs, the lesson's activity log, axe, runnable
 * blocks, the console dock and its API. A demo's button label and fields come from the demo
 * catalogue (read by the global setup), never from a spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
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
import { catalogueEntry, demoCatalogue, type CatalogueEntry } from './catalogue';

export { catalogueEntry, demoCatalogue, type CatalogueEntry };

export const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/** One form action of each kind the course has: a demo, mark as done, a quiz, a check, the sandbox's two. */
export const FORM_ACTIONS = [
	'/learn/basic-caching/cache-aside?/demo',
	'/learn/basic-caching/cache-aside?/done',
	'/learn/foundations/the-data?/quiz',
	'/learn/advanced-caching/redis-hash?/check',
	'/sandbox?/slow-db',
	'/sandbox?/reset'
];

/** A string matched literally inside a RegExp. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// The course

/**
 * Every lesson of the course as the outline must show it, in order: read from content/ (file
 * names give order and URL, front matter the title and minutes, `<Demo id>` tags the demos),
 * independently of the app.
 */
export const LESSONS = readdirSync('content', { recursive: true, encoding: 'utf8' })
	.filter((file) => file.endsWith('.md'))
	.map((file) => {
		const [chapter, lesson] = file.replace(/\.md$/, '').split('/') as [string, string];
		const order = [chapter, lesson].map((part) => Number(part.split('-')[0]));
		const markdown = readFileSync(`content/${file}`, 'utf8');
		const front = parseYaml(/^---\n([\s\S]*?)\n---/.exec(markdown)![1]!);
		const strip = (part: string) => part.replace(/^\d+-/, '');
		return {
			order,
			path: `/learn/${strip(chapter)}/${strip(lesson)}`,
			title: String(front.title),
			minutes: Number(front.minutes),
			demos: [...markdown.matchAll(/<Demo id="([^"]+)"/g)].map((match) => match[1]!)
		};
	})
	.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!)
	.map(({ path, title, minutes, demos }) => ({ path, title, minutes, demos }));

// ---------------------------------------------------------------------------------------------
// Pages and learners

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

/**
 * axe's serious and critical violations on the page (or part of it, less `exclude`), as
 * "rule: selector" lines.
 */
export async function seriousViolations(
	page: Page,
	include?: string,
	exclude: string[] = []
): Promise<string[]> {
	// Highlighted code is checked token by token in tests/unit/code-contrast.test.ts: its
	// thousands of spans would make each page's check take seconds.
	// Only violations are read: collecting every passing node as well costs a fifth of the run.
	// Legacy mode runs axe in the page itself: the default opens a blank page per check to merge
	// the frames' results (the course has no iframes), which made each check about 40% slower.
	let axe = new AxeBuilder({ page })
		.setLegacyMode()
		.exclude('pre.shiki')
		.options({ resultTypes: ['violations'] });
	for (const selector of exclude) axe = axe.exclude(selector);
	const { violations } = await (include ? axe.include(include) : axe).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`)
		);
}

/** A test step asserting that the page, as it is now, has no serious or critical violation. */
export const expectAccessible = (page: Page) =>
	test.step('no serious or critical axe violation on the page as it is now', async () => {
		expect(await seriousViolations(page)).toEqual([]);
	});

// ---------------------------------------------------------------------------------------------
// Colour schemes

/** The page's background in the dark and the light scheme. */
export const DARK_BG = 'rgb(13, 17, 23)';
export const LIGHT_BG = 'rgb(255, 255, 255)';

/** The page's background colour as computed now. */
export const background = (page: Page) =>
	page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

// ---------------------------------------------------------------------------------------------
// Demos

/**
 * The widgets of one demo on the page, found by its id; its button by the label the catalogue
 * gives it (an id the catalogue does not have fails at once).
 */
export function demoOf(page: Page, id: string) {
	const spec = catalogueEntry(id);
	const section = page.locator(`section[data-demo="${id}"]`);
	const output = section.getByTestId('demo-output');
	const result = output.getByTestId('demo-result');
	const redisTrace = output.getByTestId('redis-trace');
	const sqlTrace = output.getByTestId('sql-trace');
	const keyTtls = output.getByTestId('key-ttls');
	/** The value of a plain entry of an object result (`queue` → "1"), as the page prints it. */
	const entry = (name: string) => result.locator(`dt:text-is("${name}") + dd`);
	return {
		id,
		spec,
		page,
		section,
		title: section.getByRole('heading', { level: 2 }),
		button: section.getByRole('button', { name: spec.button, exact: true }),
		/** The form control of one of the demo's fields, by its name in the catalogue. */
		field: (name: string) => {
			if (!spec.fields.some((field) => field.name === name)) {
				const names = spec.fields.map((field) => field.name).join(', ') || 'none';
				throw new Error(`demo "${id}" has no field "${name}" (its fields: ${names})`);
			}
			return section.locator(`form [name="${name}"]`);
		},
		/** Shown while a long run is under way. */
		progress: output.locator('progress'),
		outcome: output.locator('[data-outcome]'),
		/** The run's one-line summary, as the activity log repeats it. */
		summary: output.locator('.headline .muted'),
		totalMs: output.getByTestId('demo-ms'),
		redisTrace,
		/** Each command as redis-cli prints it: `> GET query:inventory`. */
		commands: redisTrace.locator('li code'),
		replies: redisTrace.locator('li pre'),
		sqlTrace,
		statements: sqlTrace.locator('li'),
		keyTtls,
		/** The TTL entry of a key the run touched: its exact name, or a pattern for generated ones. */
		ttl: (key: string | RegExp) =>
			keyTtls.locator('li').filter({
				has: page
					.locator('code')
					.filter({ hasText: typeof key === 'string' ? new RegExp(`^${escapeRegExp(key)}$`) : key })
			}),
		result,
		entry,
		/** The first table of the result, or of one of its entries. */
		table: (name?: string) => (name ? entry(name) : result).locator('table').first()
	};
}
export type DemoWidgets = ReturnType<typeof demoOf>;

/** The entries of the lesson's activity log, newest first. */
export const activityEntries = (page: Page) => page.getByTestId('activity-log').locator('li');

/**
 * Sets the demo's fields (by their names in the catalogue: `{ table: 'sales' }`), presses its
 * button and waits until the run is over: every run, with or without JavaScript, adds one entry
 * to the lesson's activity log. Returns the demo's widgets.
 */
export async function run(
	page: Page,
	demo: string | DemoWidgets,
	fields: Record<string, string | number> = {},
	{ timeout = 15_000 }: { timeout?: number } = {}
) {
	const widgets = typeof demo === 'string' ? demoOf(page, demo) : demo;
	for (const [name, value] of Object.entries(fields)) {
		const control = widgets.field(name);
		const { kind } = widgets.spec.fields.find((field) => field.name === name)!;
		if (kind === 'choice') await control.selectOption(String(value));
		else await control.fill(String(value));
	}
	const entries = activityEntries(page);
	const before = await entries.count();
	await expect(
		widgets.button,
		`the "${widgets.spec.button}" button of ${widgets.id}`
	).toBeVisible();
	await widgets.button.click();
	await expect(entries).toHaveCount(before + 1, { timeout });
	await expect(widgets.button).toBeEnabled();
	return widgets;
}

/** Asserts the outcome badge: the word (never colour alone) and the data attribute. */
export async function expectOutcome(demo: DemoWidgets, outcome: string) {
	await expect(demo.outcome).toHaveText(outcome.toUpperCase());
	await expect(demo.outcome).toHaveAttribute('data-outcome', outcome);
}

/** Asserts that the run sent no SQL: the trace says so and lists no statement. */
export async function expectNoSql(demo: DemoWidgets) {
	await expect(demo.statements).toHaveCount(0);
	await expect(demo.sqlTrace).toContainText('No SQL');
}

/** The total time of the last run, in ms, from "52.5 ms in all". */
export async function totalMs(demo: DemoWidgets): Promise<number> {
	const text = (await demo.totalMs.textContent()) ?? '';
	const match = /([\d.]+)\s*ms/.exec(text);
	expect(match, `total time in "${text}"`).not.toBeNull();
	return Number(match![1]);
}

/** The TTL the server read for a key at the end of the run, in ms (its data-ttl-ms). */
export async function ttlMs(demo: DemoWidgets, key: string | RegExp): Promise<number> {
	const ms = Number(await demo.ttl(key).locator('[data-ttl-ms]').getAttribute('data-ttl-ms'));
	expect(Number.isFinite(ms), `a TTL in ms for ${key}`).toBe(true);
	return ms;
}

/** The seconds left on a key's TTL as the page counts it down, from "TTL 59 s". */
export async function ttlSeconds(demo: DemoWidgets, key: string | RegExp): Promise<number> {
	const text = (await demo.ttl(key).locator('[data-ttl-ms]').textContent()) ?? '';
	const match = /TTL (\d+) s/.exec(text);
	expect(match, `a TTL in seconds in "${text}"`).not.toBeNull();
	return Number(match![1]);
}

// ---------------------------------------------------------------------------------------------
// Result tables

/** Every row of a result table as an object, column header → cell text. */
export async function rowsOf(table: Locator): Promise<Record<string, string>[]> {
	return table.evaluate((element) => {
		const headers = [...element.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
		return [...element.querySelectorAll('tbody tr')].map((tr) =>
			Object.fromEntries(
				[...tr.querySelectorAll('td')].map((td, i) => [headers[i]!, td.textContent!.trim()])
			)
		);
	});
}

/** The one row whose `column` cell is `value` (failing the test when there is none). */
export async function rowWhere(table: Locator, column: string, value: string) {
	const rows = await rowsOf(table);
	const found = rows.find((row) => row[column] === value);
	expect(found, `a row with ${column} = ${value} in ${JSON.stringify(rows)}`).toBeDefined();
	return found!;
}

/** The one row whose first cell is `first` (failing the test when there is none). */
export async function rowOf(table: Locator, first: string) {
	const rows = await rowsOf(table);
	const found = rows.find((row) => Object.values(row)[0] === first);
	expect(found, `a row starting with ${first} in ${JSON.stringify(rows)}`).toBeDefined();
	return found!;
}

/** Product 1's stock as the result table of a demo shows it. */
export const stockOfProduct1 = async (demo: DemoWidgets) =>
	Number((await rowWhere(demo.table(), 'id', '1')).stock);

// ---------------------------------------------------------------------------------------------
// Demos over HTTP

/** Posts a demo form as the enhanced form does and returns SvelteKit's JSON action result. */
export async function postDemo(
	request: APIRequestContext,
	lesson: string,
	form: Record<string, string>,
	accept = 'application/json'
) {
	return request.post(`${lesson}?/demo`, {
		form,
		headers: { accept, origin: ORIGIN },
		maxRedirects: 0
	});
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

// ---------------------------------------------------------------------------------------------
// Runnable redis blocks

/** Presses a block's Run and expects every reply it declares to match. */
export async function runBlock(block: Locator) {
	await block.getByRole('button', { name: 'Run', exact: true }).click();
	await expect(block.locator('figcaption')).toHaveText(/^✓\s*(\d+) of \1 replies as expected$/, {
		timeout: 10_000
	});
	await expect(block.locator('li[data-match="false"]')).toHaveCount(0);
}

// ---------------------------------------------------------------------------------------------
// The console dock and its API

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

/** Opens the dock with its button (unless it is open). */
async function openDock(dock: Dock) {
	if ((await dock.toggle.getAttribute('aria-expanded')) !== 'true') await dock.toggle.click();
	await expect(dock.toggle).toHaveAttribute('aria-expanded', 'true');
}

/** Opens the dock (unless it is open) and shows the Console tab. */
export async function openConsole(page: Page) {
	const dock = dockOf(page);
	await openDock(dock);
	await dock.consoleTab.click();
	await expect(dock.consoleTab).toHaveAttribute('aria-selected', 'true');
	await expect(dock.input).toBeVisible();
	return dock;
}

/** Opens the dock (unless it is open) on the Keys tab, once the inspector has loaded. */
export async function openKeys(page: Page) {
	const dock = dockOf(page);
	await openDock(dock);
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
