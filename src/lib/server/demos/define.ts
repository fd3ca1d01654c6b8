import * as v from 'valibot';
import type { ChartKind, DemoField, Outcome } from '$lib/types';
import type { DemoContext } from '../sandbox/sandboxes';

type FieldSpec = DemoField extends infer F
	? F extends DemoField
		? Omit<F, 'name'>
		: never
	: never;

/**
 * What a demo throws when its own precondition does not hold (a lock still held by an earlier
 * run, an empty queue another click just drained): the learner is told why and to try again,
 * with a 409, never as a failure of the server.
 */
export class DemoPreconditionError extends Error {}

/** One form input of a demo: how the widget renders it, and the schema that checks it. */
export interface Input<T> {
	field: FieldSpec;
	schema: v.GenericSchema<unknown, T>;
}

export function choice<const T extends string>(
	label: string,
	options: readonly T[],
	fallback: T
): Input<T> {
	return {
		field: { kind: 'choice', label, options, default: fallback },
		schema: v.picklist(options, `${label} must be one of: ${options.join(', ')}.`)
	};
}

export function integer(label: string, min: number, max: number, fallback: number): Input<number> {
	const range = `${label} must be a whole number from ${min} to ${max}.`;
	return {
		field: { kind: 'integer', label, min, max, default: fallback },
		schema: v.pipe(
			v.string(`${label} is required.`),
			v.regex(/^-?\d{1,9}$/, range),
			v.transform(Number),
			v.minValue(min, range),
			v.maxValue(max, range)
		)
	};
}

export function text(
	label: string,
	maxLength: number,
	fallback: string,
	pattern: RegExp = /^[\p{L}\p{N} @._,:'-]*$/u,
	/** The characters `pattern` allows, in words, for the message. */
	allowed = "letters, digits, spaces or @._,:'-"
): Input<string> {
	const shape = `${label} must be 1 to ${maxLength} ${allowed}`;
	return {
		field: { kind: 'text', label, maxLength, default: fallback },
		schema: v.pipe(
			v.string(`${label} is required.`),
			v.trim(),
			v.minLength(1, `${label} is required.`),
			v.maxLength(maxLength, shape),
			v.regex(pattern, shape)
		)
	};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = Record<string, Input<any>>;
type Values<I extends Inputs> = { [K in keyof I]: I[K] extends Input<infer T> ? T : never };

export interface DemoRun {
	outcome: Outcome;
	result: unknown;
	/** One line for the activity log, e.g. "inventory: 10 rows from the database". */
	summary: string;
	/**
	 * The time that answers the demo's question, when it is not the whole action's: a server's
	 * own read, without the check the demo runs after it. The page leads with it.
	 */
	headline?: { ms: number; what: string };
}

export interface DemoDefinition<I extends Inputs> {
	id: string;
	title: string;
	button: string;
	/** The file in src/lib/server/patterns/ whose source the page shows under the demo. */
	pattern: string;
	/** The exported function of that file the demo runs: the page marks its lines. */
	runs: string;
	inputs: I;
	/** The charts its result holds (`result.chart`, `.bars`, `.timeline`): their lessons load them. */
	draws?: readonly ChartKind[];
	run(ctx: DemoContext, input: Values<I>): Promise<DemoRun>;
}

export interface Demo {
	id: string;
	title: string;
	button: string;
	pattern: string;
	runs: string;
	fields: DemoField[];
	draws: readonly ChartKind[];
	schema: v.GenericSchema<unknown, Record<string, unknown>>;
	run(ctx: DemoContext, input: Record<string, unknown>): Promise<DemoRun>;
}

export function defineDemo<I extends Inputs>(definition: DemoDefinition<I>): Demo {
	const entries = Object.entries(definition.inputs);
	return {
		id: definition.id,
		title: definition.title,
		button: definition.button,
		pattern: definition.pattern,
		runs: definition.runs,
		fields: entries.map(([name, input]) => ({ name, ...input.field }) as DemoField),
		draws: definition.draws ?? [],
		// A missing field is checked by its own schema (with its label), not reported as "Invalid key".
		schema: v.pipe(
			v.record(v.string(), v.unknown()),
			v.transform((form) => ({
				...Object.fromEntries(entries.map(([name]) => [name, undefined])),
				...form
			})),
			v.object(Object.fromEntries(entries.map(([name, input]) => [name, input.schema])))
		),
		run: (ctx, input) => definition.run(ctx, input as Values<I>)
	};
}
