import { describe, expect, it } from 'vitest';
import { BUILTINS, STAND_INS } from '$lib/editor/runtime/builtins';
import { DEMO_ENTRIES, EDITABLE_DEMOS, demoModule } from '$lib/editor/runtime/editable-demos';
import * as VALIBOT from '$lib/editor/runtime/valibot';
import { demoEditableSource } from '$lib/server/content/editable-source';
import { DEMOS } from '$lib/server/demos';

/** The server's files as they read. */
const FILES = import.meta.glob<string>('/src/lib/server/**/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
});
const fileOf = (path: string) => FILES[`/src/lib/server/${path}`];

describe('the demos a learner can edit, in the browser', () => {
	it.each(EDITABLE_DEMOS)(
		'%s: the browser runs the demo’s own file and the course’s modules, to the letter',
		(id) => {
			expect(DEMOS.has(id)).toBe(true);
			const source = demoEditableSource(id)!;
			expect(source.entry).toBe(DEMO_ENTRIES[id]);
			expect(Object.keys(source.files)).toContain(demoModule(id));
			for (const [path, text] of Object.entries(source.files)) expect(text).toBe(fileOf(path));
		}
	);

	it('each stand-in replaces a server module that exists, with the names its importers use', () => {
		for (const [path, standIn] of Object.entries(STAND_INS)) {
			const real = fileOf(path);
			expect(real, path).toBeDefined();
			for (const name of Object.keys(standIn()))
				expect(real).toMatch(new RegExp(`export (const|function|async function) ${name}\\b`));
		}
	});

	it('the valibot the editor provides has every function the editable demos’ files call', () => {
		const used = new Set<string>();
		for (const id of EDITABLE_DEMOS) {
			for (const text of Object.values(demoEditableSource(id)!.files)) {
				const name = /import \* as (\w+) from 'valibot'/.exec(text)?.[1];
				if (!name) continue;
				for (const [, fn] of text.matchAll(new RegExp(`\\b${name}\\.(\\w+)\\(`, 'g')))
					used.add(fn!);
			}
		}
		expect(used.size).toBeGreaterThan(5);
		expect([...used].filter((fn) => !(fn in VALIBOT))).toEqual([]);
		expect(Object.keys(BUILTINS.valibot!()).sort()).toEqual(Object.keys(VALIBOT).sort());
	});
});
