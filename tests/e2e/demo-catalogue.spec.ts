// The specs press a demo's button by the label the catalogue gives it; this proves that every
// demo of every lesson page shows what the catalogue (src/lib/server/demos) says: its title, its
// fields in order with their labels and defaults, and one button with the catalogue's label.
import { catalogueEntry, demoCatalogue, expect, LESSONS, test } from './helpers';

// The server renders every demo widget; reading it needs no JavaScript (and no hydration).
test.use({ javaScriptEnabled: false });

test('every demo of the catalogue is in a lesson, and every lesson demo is in the catalogue', () => {
	const inLessons = LESSONS.flatMap((lesson) => lesson.demos);
	const catalogue = [...demoCatalogue().keys()];
	expect(catalogue.filter((id) => !inLessons.includes(id))).toEqual([]);
	expect(inLessons.filter((id) => !catalogue.includes(id))).toEqual([]);
});

for (const lesson of LESSONS.filter(({ demos }) => demos.length > 0)) {
	test(`${lesson.path} shows each demo as the catalogue defines it`, async ({ page }) => {
		const response = await page.goto(lesson.path);
		expect(response?.status(), `GET ${lesson.path}`).toBe(200);
		// Read in one pass: a field's label is the text of the <label> the control belongs to.
		const shown = await page.locator('section[data-demo]').evaluateAll((sections) =>
			sections.map((section) => ({
				id: section.getAttribute('data-demo'),
				title: section.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim(),
				buttons: [...section.querySelectorAll('form button')].map((b) => b.textContent?.trim()),
				fields: [
					...section.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
						'form select[name], form input[name]:not([type="hidden"])'
					)
				].map((control) => {
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
		expect(shown).toEqual(
			lesson.demos.map((id) => {
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
			})
		);
	});
}
