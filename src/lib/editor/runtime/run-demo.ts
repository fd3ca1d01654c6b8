import { safeParse } from 'valibot';
import type { Demo, DemoRun } from '$lib/server/demos/define';
import type { DemoContext } from '$lib/server/sandbox/sandboxes';
import type { EditorContext } from './context';
import { demoModule } from './editable-demos';
import type { Version } from './version';

/**
 * A demo run with the learner's version: the demo's own file, loaded from its source with its
 * import of the entry resolved to the learner's module, its input parsed by its own schema (the
 * fields as the page posts them), and its `run` called as the server's demo action calls it.
 */
export async function runDemoFile(
	version: Version,
	id: string,
	ctx: EditorContext,
	fields: Record<string, string>
): Promise<DemoRun> {
	const demo = version.load(demoModule(id)).default as Demo | undefined;
	if (demo?.id !== id) throw new Error(`${demoModule(id)} does not define the demo ${id}.`);
	const input = safeParse(demo.schema, fields);
	if (!input.success) throw new Error(input.issues[0].message);
	// EditorContext has DemoContext's shape, its database over /api/db (TracedDb's class type
	// cannot be met structurally).
	return demo.run(ctx as unknown as DemoContext, input.output);
}
