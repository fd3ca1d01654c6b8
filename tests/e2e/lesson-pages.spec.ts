// The whole course, walked as a reader does: from the first lesson through every Next link to the
// last (and one step back), each page's title and Prev link, its server-rendered page a 200, its
// demos what the catalogue (src/lib/server/demos) defines — the specs press a demo's button by the
// catalogue's label, so this is what makes that safe — and its own content (its <main>) without a
// serious or critical axe violation. One walk serves all of it: each lesson is rendered once in the
// browser. axe runs on a lesson whose content has a kind of element (tag, classes, type, role, ARIA
// attributes) no earlier lesson of the course had: what axe judges (contrast, names, roles,
// structure) follows from those, and a lesson made of the same parts as one already checked (the
// breadcrumbs, a quiz, a runnable block in every chapter) adds nothing but seconds (about 3 s a
// page). The header, outline, console dock and the "code that ran" panel under each demo are the
// same widgets on every lesson: accessibility.spec.ts and dark-mode.spec.ts check whole pages with
// them, demos run. On the operations chapter's lessons, each "Check yourself" answer opens. A
// lesson's demos, axe or answers failing is reported and the walk goes on to the rest.
import type { Page } from '@playwright/test';
import {
	catalogueEntry,
	demoCatalogue,
	expect,
	LESSONS,
	open,
	seriousViolations,
	test,
	waitForHydration
} from './helpers';

test('every demo of the catalogue is in a lesson, and every lesson demo is in the catalogue', () => {
	const inLessons = LESSONS.flatMap((lesson) => lesson.demos);
	const catalogue = [...demoCatalogue().keys()];
	expect(catalogue.filter((id) => !inLessons.includes(id))).toEqual([]);
	expect(inLessons.filter((id) => !catalogue.includes(id))).toEqual([]);
});

/** Each demo widget as the page shows it, read in one pass: its title, fields and buttons. */
const demosShown = (page: Page) =>
	page.locator('section[data-demo]').evaluateAll((sections) =>
		sections.map((section) => ({
			id: section.getAttribute('data-demo'),
			title: section.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim(),
			buttons: [...section.querySelectorAll('form button')].map((b) => b.textContent?.trim()),
			fields: [
				...section.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
					'form select[name], form input[name]:not([type="hidden"])'
				)
			].map((control) => {
				// A field's label is the text of the <label> the control belongs to.
				const label = control.labels?.[0]?.cloneNode(true) as HTMLElement | undefined;
				label?.querySelectorAll('select, input').forEach((inner) => inner.remove());
				return {
					name: control.name,
					label: label?.textContent?.trim(),
					kind: control instanceof HTMLSelectElement ? 'choice' : control.type,
					value: control.value
				};
			})
		}))
	);

const KIND = { choice: 'choice', integer: 'number', text: 'text' } as const;

/** What the catalogue says the lesson's demos are, in the lesson's order. */
const demosDefined = (ids: string[]) =>
	ids.map((id) => {
		const { title, button, fields } = catalogueEntry(id);
		return {
			id,
			title: `Demo ${title}`,
			buttons: [button],
			fields: fields.map((field) => ({
				name: field.name,
				label: field.label,
				kind: KIND[field.kind],
				value: String(field.default)
			}))
		};
	});

/**
 * The kinds of element the lesson's own content is made of, as "tag.class[type]{role}(aria-*)",
 * leaving out the code panels (the same widget on every page) and highlighted code (checked
 * token by token in tests/unit/code-contrast.test.ts).
 */
const elementKinds = (page: Page) =>
	page.locator('main').evaluate((main) => {
		const kinds = new Set<string>();
		for (const element of main.querySelectorAll('*')) {
			if (element.closest('.source, pre.shiki')) continue;
			const classes = [...element.classList].sort().map((name) => `.${name}`);
			const type = element.getAttribute('type');
			const role = element.getAttribute('role');
			const aria = element
				.getAttributeNames()
				.filter((name) => name.startsWith('aria-'))
				.sort();
			kinds.add(
				element.tagName.toLowerCase() +
					classes.join('') +
					(type ? `[${type}]` : '') +
					(role ? `{${role}}` : '') +
					(aria.length ? `(${aria.join(' ')})` : '')
			);
		}
		return [...kinds];
	});

/**
 * Every "Check yourself" question of the operations chapter opens its answer, by mouse and by
 * keyboard, and the answer is there (the other chapters' questions are walked by their own specs).
 */
async function checkYourself(page: Page, path: string) {
	const section = page.locator('h2:text-is("Check yourself") ~ details');
	const count = await section.count();
	expect.soft(count, `${path}: questions with an answer`).toBeGreaterThanOrEqual(2);
	for (let i = 0; i < count; i++) {
		const answer = section.nth(i);
		await expect.soft(answer).not.toHaveAttribute('open');
		if (i % 2 === 0) await answer.locator('summary').click();
		else {
			await answer.locator('summary').focus();
			await page.keyboard.press('Enter');
		}
		await expect.soft(answer).toHaveAttribute('open');
		const text = (await answer.innerText()).replace(/^\s*Answer\s*/, '');
		expect.soft(text.length, `${path}: answer ${i + 1}`).toBeGreaterThan(40);
	}
}

test("the course through its Next links: every lesson titled, its demos as the catalogue defines them, no serious axe violation, the operations chapter's answers open", async ({
	page
}) => {
	test.setTimeout(60_000 + LESSONS.length * 8_000); // a page and maybe axe each, on 2 cores
	const next = page.locator('a[rel=next]');
	const prev = page.locator('a[rel=prev]');
	const title = page.getByRole('heading', { level: 1 });
	const seen = new Set<string>();
	const checked: string[] = [];
	for (const [i, { path, title: expected, demos }] of LESSONS.entries()) {
		await test.step(path, async () => {
			if (i === 0) {
				await open(page, path);
				await expect(prev).toHaveCount(0);
			} else {
				await expect(next).toContainText(expected);
				await next.click();
				await expect(page).toHaveURL(path);
				await expect(prev).toContainText(LESSONS[i - 1]!.title);
				await waitForHydration(page);
				// A reader arriving from elsewhere gets the page from the server.
				const served = await page.request.get(path);
				expect.soft(served.status(), `GET ${path}`).toBe(200);
			}
			await expect(title).toHaveText(expected);
			expect.soft(await demosShown(page), path).toEqual(demosDefined(demos));
			const kinds = await elementKinds(page);
			if (!kinds.every((kind) => seen.has(kind))) {
				for (const kind of kinds) seen.add(kind);
				checked.push(path);
				expect.soft(await seriousViolations(page, 'main', ['.source']), path).toEqual([]);
			}
			// After axe: it judges the page as it loads, with every answer folded.
			if (path.startsWith('/learn/operations/')) await checkYourself(page, path);
		});
	}
	test.info().annotations.push({ type: 'axe', description: checked.join(' ') });
	await expect(next).toHaveCount(0);

	await prev.click();
	await expect(page).toHaveURL(LESSONS.at(-2)!.path);
	await expect(title).toHaveText(LESSONS.at(-2)!.title);
});
