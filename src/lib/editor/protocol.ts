/**
 * The editor's contracts: what a learner's own version of a pattern sends to the server, what
 * the page hands the browser to run it, and the messages between the page and its Web Worker.
 * Shared by the server (`/api/run`, `/api/db`), the worker and the widgets.
 */
import type { ExerciseCheck, Outcome, SqlEntry, TraceEntry } from '$lib/types';

/** A JSON value, as the command channel carries Redis replies. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `POST /api/run`: one batch of Redis commands, as a pipeline or (atomic) a MULTI. */
export interface RunRequest {
	commands: string[][];
	atomic?: boolean;
	/**
	 * Run on the learner's private lab server instead of the shared Redis (a version whose Lua
	 * differs from the course's runs there only). The lab starts on first use and stops when the
	 * run ends (`end: true`) or after a short idle time.
	 */
	lab?: boolean;
	/** With `lab`: stop the lab after this batch (an empty batch only stops it). */
	end?: boolean;
}

/** A command's reply: Redis's value as JSON, or an error reply (refused, or Redis's own). */
export type RunReply = Json | { error: string };

export interface RunResponse {
	replies: RunReply[];
	trace: TraceEntry[];
}

export type SqlParam = string | number | null;

/** `POST /api/db`: one of the course's own statements on the learner's database; never free SQL. */
export type DbRequest =
	| { mode: 'all' | 'get' | 'run'; sql: string; params: SqlParam[] }
	| { mode: 'transaction'; steps: [sql: string, ...params: SqlParam[]][] };

export interface DbResponse {
	/** rows (`all`), a row or null (`get`), rows changed (`run`), rows changed per step. */
	value: Json;
	sql: SqlEntry[];
}

/** What the page hands the browser so a learner can edit and run a demo's pattern module. */
export interface EditableSource {
	/** The demo (or exercise) this runs for. */
	id: string;
	/** The module the learner edits, as a path under src/lib/server (`patterns/cache-aside.ts`). */
	entry: string;
	/** The entry's source and every module of the course it imports, by the same kind of path. */
	files: Record<string, string>;
	/** SHA1 of each Lua script the course defines: a script not among them runs on a lab only. */
	scripts: string[];
}

/** The page → the worker. */
export type ToWorker =
	| {
			type: 'run';
			source: EditableSource;
			/** The learner's text of `source.entry`. */
			edited: string;
			/** The demo's form fields, as the page would post them. */
			fields: Record<string, string>;
	  }
	| { type: 'check'; source: EditableSource; edited: string; exercise: string };

/** What a run of the learner's version shows in the demo panel, marked "your version". */
export interface OwnRunResult {
	outcome: Outcome;
	result: unknown;
	summary: string;
	trace: TraceEntry[];
	sql: SqlEntry[];
	ms: number;
	/** Where its Redis commands ran: the shared server (namespaced) or a private lab. */
	ranOn: 'shared' | 'lab';
}

/** A fix-the-bug check run in the worker: the race or the crash, played against the learner's code. */
export interface OwnCheckResult {
	exercise: string;
	passed: boolean;
	checks: ExerciseCheck[];
	trace: TraceEntry[];
	sql: SqlEntry[];
	ranOn: 'shared' | 'lab';
}

/** The worker → the page. */
export type FromWorker =
	| { type: 'ran'; run: OwnRunResult }
	| { type: 'checked'; check: OwnCheckResult }
	/** The version does not compile or threw: the message, and the line of the entry if known. */
	| { type: 'failed'; message: string; line?: number; trace: TraceEntry[]; sql: SqlEntry[] };

/** A run is stopped (the worker terminated) after this long. */
export const RUN_TIMEOUT_MS = 5000;
