import type { ExerciseCheck } from '$lib/types';
import type { Exports } from './compile';
import type { EditorContext } from './context';

/** What a fix-the-bug scenario gets to play its race or its crash against the learner's version. */
export interface ScenarioTools {
	/** A context for one actor ("worker A"), its commands traced with that actor. */
	context(actor: string, onStep?: (step: number) => void | Promise<void>): EditorContext;
	/** Another course module of the source, as the course wrote it (importing the learner's entry). */
	load(path: string): Exports;
}

/** Runs the exercise's race or crash against the learner's module; its checks say what held. */
export type Scenario = (
	mod: Record<string, unknown>,
	tools: ScenarioTools
) => Promise<ExerciseCheck[]>;
