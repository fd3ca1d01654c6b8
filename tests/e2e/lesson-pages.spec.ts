// Every lesson page, once each: its demos are what the catalogue (src/lib/server/demos) defines —
// the specs press a demo's button by the catalogue's label, so this is what makes that safe — and
// its own content (its <main>) has no serious or critical axe violation. The header, outline,
// console dock and the "code that ran" panel under each demo are the same widgets on every
// lesson: accessibility.spec.ts and dark-mode.spec.ts check whole pages with them, demos run.
import type { Page } from '@playwright/test';
import {
	catalogueEntry,
	demoCatalogue,
	expect,
	LESSONS,
	open,
	seriousViolations,
	test
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

for (const { path, demos } of LESSONS) {
	test(`${path}: its demos as the catalogue defines them; no serious axe violation`, async ({
		page
	}) => {
		test.slow(); // long lessons with many demos take axe a while on 2 cores
		await open(page, path);
		expect(await demosShown(page)).toEqual(demosDefined(demos));
		expect(await seriousViolations(page, 'main', ['.source'])).toEqual([]);
	});
}
