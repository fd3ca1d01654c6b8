import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import {
	demoEditableSource,
	editableSource,
	valueImports
} from '$lib/server/content/editable-source';
import { DEMO_ENTRIES, EDITABLE_DEMOS, demoModule } from '$lib/editor/runtime/editable-demos';
import { loadVersion } from '$lib/editor/runtime/version';

describe('an editable source', () => {
	it('holds the entry and every course module it imports for values, transitively', () => {
		const source = editableSource('cache-aside-read', 'patterns/cache-aside.ts');
		expect(Object.keys(source.files).sort()).toEqual(['db/queries.ts', 'patterns/cache-aside.ts']);
		// lock.ts uses the course's helpers: they go too, compiled in the browser like the rest.
		const lock = editableSource('lock-acquire', 'patterns/lock.ts');
		expect(Object.keys(lock.files).sort()).toEqual([
			'pattern-support/context.ts',
			'pattern-support/index.ts',
			'pattern-support/lists.ts',
			'pattern-support/lua.ts',
			'pattern-support/replies.ts',
			'patterns/lock.ts'
		]);
		expect(lock.files['patterns/lock.ts']).toContain('export async function acquireLock');
	});

	it('leaves type-only imports out', () => {
		expect(
			valueImports(
				[
					"import type { SqlParam } from '../db/traced-db';",
					"import { SELECT_TABLE, type Table } from '../db/queries';",
					"export type { Lock } from './lock';",
					'export {',
					'\tfixedWindow',
					"} from './fixed-window';"
				].join('\n')
			)
		).toEqual(['../db/queries', './fixed-window']);
	});

	it('fails loudly on a module it does not know', () => {
		expect(() => editableSource('x', 'patterns/nowhere.ts')).toThrow(
			'there is no module patterns/nowhere.ts'
		);
	});

	it('exists for every editable demo, and only for them', () => {
		expect(EDITABLE_DEMOS.length).toBeGreaterThanOrEqual(7);
		for (const id of EDITABLE_DEMOS) {
			expect(DEMOS.has(id), id).toBe(true);
			expect(demoEditableSource(id)?.entry).toBe(DEMO_ENTRIES[id]);
			// the demo's own file goes with it: it is what runs in the browser
			expect(demoEditableSource(id)?.files[demoModule(id)]).toContain(`id: '${id}'`);
		}
		expect(demoEditableSource('eviction')).toBeUndefined();
	});

	it.each(EDITABLE_DEMOS)(
		"%s: the course's own version compiles and loads in the editor's runtime",
		(id) => {
			const source = demoEditableSource(id)!;
			const version = loadVersion(source, source.files[source.entry]!);
			expect(Object.keys(version.entry).length).toBeGreaterThan(0);
			expect(version.load(demoModule(id)).default).toMatchObject({
				id,
				fields: DEMOS.get(id)!.fields
			});
		}
	);
});
