/**
 * What a fix-the-bug exercise needs on the server: the source the editor opens, the checks a
 * page posts once the scenario has run in the learner's browser, and the course's version.
 */
import * as v from 'valibot';
import type { EditableSource } from '$lib/editor/protocol';
import { relocated } from '$lib/editor/runtime/paths';
import { FIX_SCENARIOS } from '$lib/editor/runtime/scenarios';
import type { ExerciseCheck } from '$lib/types';
import { editableSource } from '../content/editable-source';
import type { FixExercise } from './define';

/** The form field that carries the checks, as JSON: `[{ "label", "ok", "detail" }, ...]`. */
export const CHECKS_FIELD = 'checks';

/**
 * `?/solve` for a fix exercise: the course's version of the module, as its file reads where the
 * learner's module is (its relative imports naming the same modules from there, so that it runs
 * and diffs as the learner's would: the course's version may be a pattern file itself).
 */
export interface FixSolution {
	exercise: string;
	source: string;
}

const scenarioOf = (exercise: FixExercise) => {
	const scenario = FIX_SCENARIOS[exercise.id];
	if (!scenario) throw new Error(`fix exercise ${exercise.id} has no scenario in SCENARIOS`);
	return scenario;
};

/**
 * What the editor opens and runs: the broken module, what it imports, what the scenario loads,
 * and what the course's version imports (so a fix may import it too), but not that version.
 */
export function fixEditableSource(exercise: FixExercise): EditableSource {
	let source = gathered.get(exercise.id);
	if (!source) {
		const { entry, solution } = exercise.fix;
		const needs = Object.keys(editableSource(exercise.id, solution).files).filter(
			(path) => path !== solution
		);
		source = editableSource(exercise.id, entry, [...scenarioOf(exercise).uses, ...needs]);
		gathered.set(exercise.id, source);
	}
	return source;
}
/** Each exercise's files, gathered on its lesson's first load: the sources do not change. */
const gathered = new Map<string, EditableSource>();

export function fixSolution(exercise: FixExercise): FixSolution {
	const { entry, solution } = exercise.fix;
	const file = editableSource(exercise.id, solution).files[solution]!;
	return { exercise: exercise.id, source: relocated(file, solution, entry) };
}

const DETAIL_MAX = 500;
const POSTED = v.array(
	v.strictObject({
		label: v.string(),
		ok: v.boolean(),
		detail: v.pipe(v.string(), v.maxLength(DETAIL_MAX))
	})
);

/**
 * The checks a page posted for this exercise, or why they are not well formed: JSON, one entry
 * per check of the exercise's scenario, in its order, each with its label, ok and detail.
 */
export function postedChecks(
	exercise: FixExercise,
	fields: ReadonlyMap<string, string>
): ExerciseCheck[] | string {
	const labels = Object.values(scenarioOf(exercise).checks);
	const shape =
		`"${CHECKS_FIELD}" must be the JSON list of this exercise's ${labels.length} checks, as "Check my fix" posts them: ` +
		`${labels.map((label) => `"${label}"`).join(', ')}, in this order, ` +
		`each {"label", "ok": true or false, "detail": at most ${DETAIL_MAX} characters}`;
	const text = fields.get(CHECKS_FIELD);
	if (text === undefined) return `Run "Check my fix" first. ${shape}.`;
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return `${shape}; this is not JSON.`;
	}
	const parsed = v.safeParse(POSTED, json);
	if (!parsed.success) return `${shape}.`;
	const posted = parsed.output;
	if (posted.length !== labels.length || posted.some((c, i) => c.label !== labels[i])) {
		return `${shape}; these are ${posted.map((c) => JSON.stringify(c.label.slice(0, 80))).join(', ') || 'none'}.`;
	}
	return posted;
}
