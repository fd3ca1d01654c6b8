import type { PatternContext } from '$lib/server/pattern-support/context';
import type { Outcome } from '$lib/types';
import { ChannelError } from '../channel';
import type { Exports } from '../compile';
import type { EditorContext } from '../context';

/** What a harness answers: the server demo's `{ outcome, result, summary }`, in the same shape. */
export interface HarnessRun {
	outcome: Outcome;
	result: unknown;
	summary: string;
}

/**
 * The browser's mirror of one demo file (src/lib/server/demos/<id>.ts): it calls the learner's
 * version of the pattern as the demo calls the course's, and shapes the result the same way.
 */
export interface Harness {
	/** The module the learner edits. */
	entry: string;
	/** Other course modules the harness loads (with `load`) besides those the entry imports. */
	uses?: string[];
	run(
		mod: Exports,
		ctx: EditorContext,
		fields: Record<string, string>,
		/** Another course module of the source, importing the learner's entry where it imports it. */
		load: (path: string) => Exports
	): Promise<HarnessRun>;
}

/**
 * The learner's module as the course's own is typed (`typeof import(...)`), once it is known to
 * still export what the harness calls: a name removed or renamed is said plainly.
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

export function choice<T extends string>(
	fields: Record<string, string>,
	name: string,
	options: readonly T[]
): T {
	const value = fields[name];
	if (!options.includes(value as T))
		throw new Error(`${name} must be one of: ${options.join(', ')}.`);
	return value as T;
}

export function integer(fields: Record<string, string>, name: string): number {
	const value = fields[name] ?? '';
	if (!/^-?\d{1,9}$/.test(value)) throw new Error(`${name} must be a whole number.`);
	return Number(value);
}

export function text(fields: Record<string, string>, name: string): string {
	const value = (fields[name] ?? '').trim();
	if (!value) throw new Error(`${name} is required.`);
	return value;
}

/** What a read that failed open says, as the server's demos/support/fail-open.ts words it. */
export function servedFromDatabase(error: Error): string {
	if (error instanceof ChannelError) return `served from the database: ${error.message}`;
	return `served from the database: the cache answered ${error.message.split('\n')[0]}`;
}
