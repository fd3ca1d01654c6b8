import type { PatternContext } from '$lib/server/pattern-support/context';
import type { Exports } from './compile';
import type { EditorContext } from './context';

/**
 * The learner's module as the course's own is typed (`typeof import(...)`), once it is known to
 * still export what a scenario calls: a name removed or renamed is said plainly.
 */
export function exported<M>(mod: Exports, file: string, ...names: (keyof M & string)[]): M {
	for (const name of names) {
		if (mod[name] === undefined)
			throw new Error(`${file} no longer exports ${name}: the course calls it.`);
	}
	return mod as M;
}

/**
 * The context as a course module's functions are typed: EditorContext has PatternContext's shape,
 * with the database's methods over `/api/db` (TracedDb's class type cannot be met structurally).
 */
export const asPattern = (ctx: EditorContext) =>
	ctx as unknown as PatternContext & Pick<EditorContext, 'actor'>;
