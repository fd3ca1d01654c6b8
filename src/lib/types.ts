/** The course's vocabulary, shared by the server and the widgets. */
import type { EditableSource } from './editor/protocol';

/** One Redis command as the learner would type it (keys without the sandbox prefix). */
export interface TraceEntry {
	cmd: string;
	args: string[];
	/** The reply as redis-cli would print it, shortened when long. */
	reply: string;
	ms: number;
	/** Set when the command was sent inside a pipeline or a MULTI block. */
	batch?: 'pipeline' | 'multi';
	/** Who sent it, when a demo plays several clients ("worker A", "client 7"). */
	actor?: string;
}

/** One SQLite statement, with the latency the "slow database" setting added. */
export interface SqlEntry {
	sql: string;
	params: unknown[];
	rows: number;
	ms: number;
	addedLatencyMs: number;
	/** Who sent it, when a demo plays several clients. */
	actor?: string;
	/** Set when the statement failed: the database's message. */
	error?: string;
}

/** The outcome words of COURSE.md, lower-case in data and upper-case in the page. */
export type Outcome =
	| 'hit'
	| 'miss'
	| 'stale'
	| 'read'
	| 'write'
	| 'invalidated'
	| 'queued'
	| 'flushed'
	| 'recovered'
	| 'lost'
	| 'allowed'
	| 'blocked'
	| 'acquired'
	| 'held'
	| 'released'
	| 'not-owner'
	| 'published'
	| 'done'
	| 'evicted'
	| 'oom'
	| 'degraded'
	| 'redirected'
	| 'error';

/** What every demo returns to the page (the demo contract). */
export interface DemoResult {
	demo: string;
	outcome: Outcome;
	result: unknown;
	trace: TraceEntry[];
	sql: SqlEntry[];
	ms: number;
	/** Keys the demo touched, with their TTL in ms at the end of the demo (-1: none, -2: gone). */
	keys: KeyTtl[];
	/** A one-line summary for the activity log. */
	summary: string;
	at: number;
	/**
	 * The lesson's activity log after this run, newest first, as the server keeps it; absent when
	 * the form's `activity-top` named the entry before this run's, so that the page adds this
	 * run's entry (`demo`, `outcome`, `summary`, `ms`, `at`) to the log it shows.
	 */
	activity?: ActivityEntry[];
	/** The time that answers the demo's question, when it is not the whole action's. */
	headline?: { ms: number; what: string };
}

export interface KeyTtl {
	key: string;
	ttlMs: number;
}

export interface ActivityEntry {
	demo: string;
	outcome: Outcome;
	summary: string;
	ms: number;
	at: number;
}

/** An input of a demo form, as the widget renders it. */
export type DemoField =
	| { name: string; label: string; kind: 'choice'; options: readonly string[]; default: string }
	| { name: string; label: string; kind: 'integer'; min: number; max: number; default: number }
	| { name: string; label: string; kind: 'text'; maxLength: number; default: string };

/** What a lesson page needs to render one demo widget. */
export interface DemoView {
	id: string;
	title: string;
	button: string;
	fields: DemoField[];
	source: DemoSource;
	/** The pattern module and what it imports, for a learner to edit and run (editable demos only). */
	editable?: EditableSource;
}

/**
 * The pattern module's file and its highlighted source, with the lines of the function the demo
 * runs; `shownUnder` instead of the source when an earlier demo of the lesson shows the same file.
 */
export type DemoSource = (
	{ file: string; html: string } | { file: string; shownUnder: { id: string; title: string } }
) & {
	/** The function the demo runs and its lines in the file, 1-based and inclusive. */
	runs: { name: string; from: number; to: number };
};

export interface LessonMeta {
	chapter: string;
	chapterTitle: string;
	slug: string;
	/** `chapter/lesson`, the lesson's id in progress and URLs. */
	id: string;
	title: string;
	summary: string;
	minutes: number;
	commands: string[];
	demos: string[];
	/** The quiz ids and exercise ids the lesson's widgets name. */
	quizzes: string[];
	exercises: string[];
	file: string;
}

export interface Chapter {
	/** From the folder's numeric prefix: chapter numbers stay put while a chapter is missing. */
	number: number;
	slug: string;
	title: string;
	lessons: LessonMeta[];
}

export interface RedisStatus {
	connected: boolean;
	version: string | null;
	source: 'embedded' | 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'none';
	rttMs: number | null;
	message: string | null;
}

/** One key in the learner's key inspector. */
export interface InspectedKey {
	key: string;
	type: string;
	/** -1: no TTL, -2: gone. */
	ttlMs: number;
	/** Length in bytes (string) or in items (the other types). */
	size: number;
	preview: string;
}

/**
 * The charts a demo's result can hold, by their key in the result: a line chart (`chart`), bars
 * (`bars`), a stampede timeline (`timeline`). A demo declares the ones it returns (`draws`), so
 * that only the lessons that draw one load its widget.
 */
export type ChartKind = 'chart' | 'bars' | 'timeline';
export const CHART_KINDS: readonly ChartKind[] = ['chart', 'bars', 'timeline'];

/** A chart a demo can return in its result (as `result.chart`), drawn as SVG by the page. */
export interface Chart {
	title: string;
	xLabel: string;
	yLabel: string;
	kind: 'line' | 'dots';
	series: { name: string; points: [number, number][] }[];
}

/**
 * Bars a demo can return in its result (as `result.bars`), drawn as a horizontal bar chart:
 * one bar per label, all in one unit ("ms", "bytes"), each value printed beside its bar.
 */
export interface Bars {
	title: string;
	unit: string;
	bars: { label: string; value: number }[];
}

/** Where one request of the stampede lab got its value. */
export type StampedeSource = 'cache' | 'db' | 'stale' | 'error';

/** One request of a stampede run, as the demo returns it and the timeline draws it. */
export interface TimelineEntry {
	client: number;
	instance: number;
	/** ms from the start of the burst. */
	startMs: number;
	endMs: number;
	source: StampedeSource;
	/** ms spent waiting for a database load: its own, or another request's. */
	waitedMs: number;
	/** The database query this client ran, if any (after endMs when it ran in the background). */
	query?: { startMs: number; endMs: number };
}

/** A chapter's quiz as the page sees it before grading: no answers, no explanations. */
export interface QuizView {
	id: string;
	title: string;
	questions: { id: string; prompt: string; options: { value: string; label: string }[] }[];
}

/** A graded quiz: the `?/quiz` action's answer. */
export interface QuizResult {
	quiz: string;
	score: number;
	total: number;
	/** Per question: whether the learner chose the right option, which one it is, and why. */
	results: { id: string; correct: boolean; answer: string; explanation: string }[];
	/** The options the learner chose, by question id (absent: unanswered). */
	chosen: Record<string, string>;
	/** The learner's best score on this quiz so far, this one included. */
	best: number;
}

/** A "Your turn" exercise as the page shows it. */
export interface ExerciseView {
	id: string;
	title: string;
	/** What to do, in a sentence or two; `code` in backticks. */
	task: string;
	/** A fix-the-bug exercise: the broken module the learner repairs in the editor, and its imports. */
	fix?: EditableSource;
}

/** One check of an exercise against the learner's keys. */
export interface ExerciseCheck {
	label: string;
	ok: boolean;
	/** What was found, in words: "a string, not a hash", "TTL 118 s". */
	detail: string;
}

/** The `?/check` action's answer. */
export interface ExerciseResult {
	exercise: string;
	passed: boolean;
	checks: ExerciseCheck[];
	hint: string;
}

/** The `?/solve` action's answer: the model solution's lines, run in the learner's console. */
export interface ExerciseSolution {
	exercise: string;
	commands: { line: string; reply: string }[];
	/** The check run right after the solution. */
	check: ExerciseResult;
}
