/**
 * The exercises: one file each, named after its id (`cache-customer-hash.ts`), like the demos.
 * The check helpers, the fix exercises' server side and the runner live beside them and are
 * not gathered.
 */
import type { Exercise } from './define';

const modules = import.meta.glob<{ default: Exercise }>(
	['./*.ts', '!./index.ts', '!./define.ts', '!./checks.ts', '!./fix.ts', '!./run.ts'],
	{ eager: true }
);

export const EXERCISES: ReadonlyMap<string, Exercise> = new Map(
	Object.entries(modules).map(([path, module]) => {
		const exercise = module.default;
		if (path !== `./${exercise.id}.ts`)
			throw new Error(`${path} must be named after its exercise id "${exercise.id}"`);
		return [exercise.id, exercise];
	})
);
