import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { DemoField } from '$lib/types';
import type { Demo } from '$lib/server/demos/define';
import { ranLines } from '$lib/server/content/pattern-source';
import { DEMOS } from '$lib/server/demos';

const modules = import.meta.glob<{ default?: Demo }>('/src/lib/server/demos/*.ts', {
	eager: true
});
// The catalogue's own machinery; every other file in the folder is one demo.
const NOT_DEMOS = ['define', 'index', 'run'];
const demoFiles = Object.entries(modules)
	.map(([path, module]) => ({ name: path.split('/').pop()!.replace(/\.ts$/, ''), module }))
	.filter(({ name }) => !NOT_DEMOS.includes(name));

/** The form a browser sends when every field is left at its default: all values are text. */
const defaultsOf = (fields: DemoField[]) =>
	Object.fromEntries(fields.map((field) => [field.name, String(field.default)]));

/** Values a person could type that the field must refuse. */
function badValuesOf(field: DemoField): string[] {
	switch (field.kind) {
		case 'choice':
			return ['not-an-option', '', field.options[0]!.toUpperCase() + '!'];
		case 'integer':
			return [String(field.min - 1), String(field.max + 1), '1.5', 'ten', ''];
		case 'text':
			return ['x'.repeat(field.maxLength + 1)];
	}
}

const messageOf = (schema: Demo['schema'], input: unknown) => {
	const result = v.safeParse(schema, input);
	expect(result.success, `${JSON.stringify(input)} should be refused`).toBe(false);
	return result.issues![0].message;
};

const cases = [...DEMOS.values()].map((demo) => [demo.id, demo] as const);

describe('the demo catalogue', () => {
	it('has demos', () => {
		expect(DEMOS.size).toBeGreaterThan(0);
	});

	it('names every demo file after the id of the demo it defines, and lists each one', () => {
		expect(demoFiles.length).toBe(DEMOS.size);
		for (const { name, module } of demoFiles) {
			expect(module.default?.id, `${name}.ts`).toBe(name);
			expect(DEMOS.get(name), `${name} is not in DEMOS`).toBe(module.default);
		}
	});

	it.each(cases)('%s: says which pattern module it runs, and which function of it', (_id, demo) => {
		const patterns = import.meta.glob('/src/lib/server/patterns/*.ts');
		expect(patterns[`/src/lib/server/patterns/${demo.pattern}.ts`]).toBeDefined();
		const lines = ranLines(demo);
		const source = readFileSync(`src/lib/server/patterns/${demo.pattern}.ts`, 'utf8').split('\n');
		expect(source[lines.from - 1]).toMatch(
			new RegExp(`^export (async function|function|const) ${demo.runs}\\b`)
		);
		expect(lines.to).toBeGreaterThanOrEqual(lines.from);
	});

	it('fails loudly, naming the demo, when a demo runs a function its pattern does not export', () => {
		expect(() => ranLines({ id: 'x-demo', pattern: 'cache-aside', runs: 'noSuchThing' })).toThrow(
			'demo x-demo: src/lib/server/patterns/cache-aside.ts has no exported function "noSuchThing"'
		);
		expect(() => ranLines({ id: 'x-demo', pattern: 'no-such-file', runs: 'readThrough' })).toThrow(
			/^demo x-demo: there is no pattern module/
		);
	});

	it('keeps helpers shared by demos out of the catalogue, and no demo imports another', () => {
		const sources = import.meta.glob<string>('/src/lib/server/demos/*.ts', {
			query: '?raw',
			import: 'default',
			eager: true
		});
		const demos = Object.entries(sources).filter(
			([path]) => !NOT_DEMOS.includes(path.split('/').pop()!.replace(/\.ts$/, ''))
		);
		expect(demos).toHaveLength(DEMOS.size);
		for (const [path, source] of demos) {
			const siblings = [...source.matchAll(/from '\.\/([\w-]+)'/g)].map((m) => m[1]);
			expect(
				siblings.filter((name) => name !== 'define'),
				path
			).toEqual([]);
		}
	});
});

describe.each(cases)('the inputs of %s', (_id, demo) => {
	it('accept every field left at its default', () => {
		const result = v.safeParse(demo.schema, defaultsOf(demo.fields));
		expect(result.success).toBe(true);
		const expected = Object.fromEntries(demo.fields.map((f) => [f.name, f.default]));
		expect(result.output).toEqual(expected);
	});

	it('have a label and a valid default for every field', () => {
		for (const field of demo.fields) {
			expect(field.label.length).toBeGreaterThan(0);
			switch (field.kind) {
				case 'choice':
					expect(field.options).toContain(field.default);
					break;
				case 'integer':
					expect(field.default).toBeGreaterThanOrEqual(field.min);
					expect(field.default).toBeLessThanOrEqual(field.max);
					break;
				case 'text':
					expect(field.default.length).toBeGreaterThan(0);
					expect(field.default.length).toBeLessThanOrEqual(field.maxLength);
			}
		}
	});

	it('refuse a missing field with a message naming its label', () => {
		for (const field of demo.fields) {
			const form: Record<string, string> = defaultsOf(demo.fields);
			delete form[field.name];
			expect(messageOf(demo.schema, form)).toContain(field.label);
		}
	});

	it('refuse an out-of-range or malformed value with a message naming its label', () => {
		for (const field of demo.fields) {
			for (const bad of badValuesOf(field)) {
				const form = { ...defaultsOf(demo.fields), [field.name]: bad };
				expect(messageOf(demo.schema, form)).toContain(field.label);
			}
		}
	});
});
