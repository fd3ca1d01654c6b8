import type { ExerciseCheck } from '$lib/types';
import type { Scenario, ScenarioTools } from '../scenario-types';

/**
 * A fix-the-bug exercise's scenario: the race or the crash it plays against the learner's
 * version, the labels of the checks it answers (what `?/check` accepts), and the course modules
 * it loads besides those the broken module imports (the page sends them with the source).
 */
export interface FixScenario<Label extends string = string> {
	checks: Record<string, Label>;
	uses: readonly string[];
	play: Scenario;
}

export const defineScenario = <Label extends string>(scenario: FixScenario<Label>) => scenario;

export const check = (label: string, ok: boolean, detail: string): ExerciseCheck => ({
	label,
	ok,
	detail
});

/** A course module of the source, as the course wrote it, typed as the course's own file. */
export const courseModule = <M>(tools: ScenarioTools, path: string) => tools.load(path) as M;

/** 1, 2, 3 … `count`, at least once: the round trips after which a scenario strikes. */
export const roundTrips = (count: number) =>
	Array.from({ length: Math.max(1, count) }, (_, i) => i + 1);

/** "1 change", "3 changes". */
export const plural = (count: number, one: string, many = `${one}s`) =>
	`${count} ${count === 1 ? one : many}`;
