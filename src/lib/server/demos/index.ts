/**
 * The demo catalogue: demo id → its definition. Each demo is one file here named after its id
 * (`cache-aside-read.ts`), so adding a demo is adding a file; what several demos share lives in
 * support/, which this glob does not gather. Each demo names the pattern function it runs: a
 * name its pattern file does not export fails here, at load, naming the demo.
 */
import { ranLines } from '../content/pattern-source';
import type { Demo } from './define';

const modules = import.meta.glob<{ default: Demo }>(
	['./*.ts', '!./index.ts', '!./define.ts', '!./run.ts'],
	{
		eager: true
	}
);

export const DEMOS: ReadonlyMap<string, Demo> = new Map(
	Object.entries(modules).map(([path, module]) => {
		const demo = module.default;
		if (path !== `./${demo.id}.ts`)
			throw new Error(`${path} must be named after its demo id "${demo.id}"`);
		ranLines(demo);
		return [demo.id, demo];
	})
);
