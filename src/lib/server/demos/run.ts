import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { CHART_KINDS, type DemoResult } from '$lib/types';
import { REDIS_UNAVAILABLE } from '../redis/connection';
import { LabBusyError, LabStartError, LabUnavailableError } from '../redis/labs';
import { isConnectionError } from '../redis/traced-client';
import type { Sandbox, SandboxRequest } from '../sandbox/sandboxes';
import { STILL_RUNNING, passTurn, heldLab, takeTurn, watchingLabs } from '../sandbox/click-queue';
import { DemoPreconditionError, type Demo } from './define';
import { DEMOS } from './index';
import { quoted } from '../forms';

interface RunOptions {
	slowDbMs: number;
	/** The action's response headers (Retry-After when the lab servers are all busy). */
	setHeaders?: (headers: Record<string, string>) => void;
	/** Called when the demo asks for a lab server (the queue below lets a lab demo say BUSY). */
	onLab?: () => void;
	/** The newest activity entry the page shows (`activityTag`), from the form's `activity-top`. */
	pageTop?: string;
}

/**
 * The `demo` form action: finds the demo, checks its input against the demo's schema, runs it
 * in the learner's sandbox and returns the demo contract
 * { demo, outcome, result, trace, sql, ms, keys, summary, at, activity }, `activity` left out
 * when the page's own log (its `activity-top`) only lacks this run's entry.
 */
export async function runDemo(
	sandbox: Sandbox,
	lesson: { id: string; demos: string[] },
	form: ReadonlyMap<string, string> | FormData,
	options: RunOptions
) {
	const id = form.get('demo');
	if (typeof id !== 'string' || !id)
		return fail(400, { error: 'Say which demo to run (field "demo").' });
	const demo = DEMOS.get(id);
	if (!demo) return fail(400, { demo: id, error: `There is no demo called ${quoted(id)}.` });
	if (!lesson.demos.includes(id)) {
		return fail(400, { demo: id, error: `The demo ${quoted(id)} is not part of this lesson.` });
	}
	const fields = Object.fromEntries([...form].filter(([, value]) => typeof value === 'string'));
	const parsed = v.safeParse(demo.schema, fields);
	if (!parsed.success) return fail(400, { demo: id, error: parsed.issues[0].message });
	const top = form.get('activity-top');
	const run = { ...options, ...(typeof top === 'string' && { pageTop: top }) };
	const lane = await takeTurn(sandbox, id);
	if (lane === 'full') return fail(409, { demo: id, error: STILL_RUNNING });
	if (!lane) return runInSandbox(sandbox, lesson.id, demo, parsed.output, run);
	try {
		return await runInSandbox(sandbox, lesson.id, demo, parsed.output, {
			...run,
			onLab: () => heldLab(lane)
		});
	} finally {
		passTurn(sandbox, id, lane);
	}
}

/** A chart a demo returns without declaring it would be missing from its lesson's page. */
function checkDraws(demo: Demo, result: unknown) {
	if (!result || typeof result !== 'object') return;
	for (const kind of CHART_KINDS)
		if (kind in result && !demo.draws.includes(kind))
			throw new Error(`${demo.id} returns result.${kind} but does not declare draws: ['${kind}']`);
}

/**
 * Runs a demo whose input is checked, in one sandbox request: whatever the demo opened
 * (connections, lab servers) is closed when it ends, however it ends, and the activity log
 * is written here, once.
 */
export async function runInSandbox(
	sandbox: Sandbox,
	lessonId: string,
	demo: Demo,
	input: Record<string, unknown>,
	{ slowDbMs, setHeaders, onLab, pageTop }: RunOptions
) {
	const started = performance.now();
	let run: SandboxRequest | undefined;
	try {
		run = await sandbox.request({ slowDbMs });
		const ctx = onLab ? watchingLabs(run.ctx, onLab) : run.ctx;
		const { outcome, result, summary, headline } = await demo.run(ctx, input);
		checkDraws(demo, result);
		const ms = performance.now() - started;
		const at = Date.now();
		const entry = { demo: demo.id, outcome, summary, ms, at };
		const { keys, activity } = await run.finish(lessonId, entry, pageTop); // one round trip
		const { trace, sql } = run;
		return {
			demo: demo.id,
			outcome,
			result,
			trace,
			sql,
			ms,
			keys,
			summary,
			at,
			...(activity && { activity }),
			...(headline && { headline })
		} satisfies DemoResult;
	} catch (error) {
		const trace = run?.trace ?? [];
		const sql = run?.sql ?? [];
		if (error instanceof LabBusyError) {
			setHeaders?.({ 'retry-after': String(error.retryAfterSeconds) });
			// Not a failure of the pattern: the page shows it as a wait, with the time to wait.
			const busy = { retryAfterSeconds: error.retryAfterSeconds };
			return fail(429, { demo: demo.id, error: error.message, busy, trace, sql });
		}
		// The demo's own precondition (a lock an earlier click still holds): try again, not a failure.
		if (error instanceof DemoPreconditionError)
			return fail(409, { demo: demo.id, error: error.message, trace, sql });
		const message =
			error instanceof LabUnavailableError || error instanceof LabStartError
				? error.message
				: isConnectionError(error)
					? REDIS_UNAVAILABLE
					: `The demo could not finish: ${(error as Error).message}`;
		// Redis may be the failure: then the page has no log to show, only the message.
		const activity = await sandbox
			.log(lessonId, {
				demo: demo.id,
				outcome: 'error',
				summary: message,
				ms: 0,
				at: Date.now()
			})
			.catch(() => []);
		return fail(503, { demo: demo.id, error: message, trace, sql, activity });
	} finally {
		await run?.close();
	}
}
