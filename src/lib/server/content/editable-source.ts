import type { EditableSource } from '$lib/editor/protocol';
import { STAND_INS } from '$lib/editor/runtime/builtins';
import { importedPath } from '$lib/editor/runtime/paths';
import { DEMO_ENTRIES, EDITABLE_DEMOS, demoModule } from '$lib/editor/runtime/editable-demos';
import { courseScriptShas } from '../pattern-support/course-scripts';

/**
 * What the page hands the browser so a learner can edit a module and run it: the module's raw
 * source and every course module it imports, transitively (the pattern-support module too: the
 * browser runs the course's own helpers, compiled like the rest), by their path under
 * src/lib/server; for a demo, its own file too, which runs in the browser as on the server.
 * Type-only imports are left out: nothing of them runs; so are the modules the editor provides
 * itself (STAND_INS).
 */
const raw = import.meta.glob<string>(
	'/src/lib/server/{patterns,db,pattern-support,demos,demos/support,exercises/broken,exercises/fixed}/*.ts',
	{ query: '?raw', import: 'default', eager: true }
);
const ROOT = '/src/lib/server/';
const SOURCES = new Map(Object.entries(raw).map(([path, text]) => [path.slice(ROOT.length), text]));

/** The relative modules a file imports for their values (`import type` and `export type` are skipped). */
export function valueImports(code: string): string[] {
	const statements = code.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s*from\s*'(\.[^']*)'/gms);
	return [...statements].filter(([, , type]) => !type).map(([, , , , from]) => from!);
}

function resolve(from: string, specifier: string): string {
	const path = importedPath(from, specifier).replace(/\.js$/, '');
	const found = [`${path}.ts`, `${path}/index.ts`].find(
		(candidate) => SOURCES.has(candidate) || candidate in STAND_INS
	);
	if (!found) throw new Error(`${from} imports ${specifier}, which is not a module the editor can send`);
	return found;
}

/** The entry's source and every course module it imports, transitively; throws on an unknown path. */
export function editableSource(id: string, entry: string, uses: readonly string[] = []): EditableSource {
	const files: Record<string, string> = {};
	const pending = [entry, ...uses];
	for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
		if (path in files || path in STAND_INS) continue;
		const code = SOURCES.get(path);
		if (code === undefined) throw new Error(`editable source ${id}: there is no module ${path}`);
		files[path] = code;
		pending.push(...valueImports(code).map((specifier) => resolve(path!, specifier)));
	}
	return { id, entry, files, scripts: courseScriptShas() };
}

// Every editable demo's files are gathered once, when the server starts, not on each page load.
const BY_DEMO = new Map(
	EDITABLE_DEMOS.map((id) => [id, editableSource(id, DEMO_ENTRIES[id]!, [demoModule(id)])])
);

/** The editable source of a demo the browser can run (EDITABLE_DEMOS), or undefined. */
export const demoEditableSource = (demoId: string): EditableSource | undefined =>
	BY_DEMO.get(demoId);
