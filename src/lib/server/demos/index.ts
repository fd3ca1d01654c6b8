/**
 * The demo catalogue: demo id → its definition. Each demo is one file here named after its id
 * (`cache-aside-read.ts`), so adding a demo is adding a file.
 */
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
		return [demo.id, demo];
	})
);
