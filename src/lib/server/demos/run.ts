import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { DemoResult } from '$lib/types';
import { LabBusyError, LabUnavailableError } from '../redis/labs';
import type { Sandbox, SandboxRequest } from '../sandbox/sandboxes';
import { DEMOS } from './index';

/**
 * The `demo` form action: finds the demo, checks its input against the demo's schema, runs it
 * in the learner's sandbox and returns the demo contract
 * { demo, outcome, result, trace, sql, ms, keys, summary, at, activity }.
 */
export async function runDemo(
	sandbox: Sandbox,
	lesson: { id: string; demos: string[] },
	form: FormData,
	{
		slowDbMs,
		setHeaders
	}: { slowDbMs: number; setHeaders?: (headers: Record<string, string>) => void }
) {
	const id = form.get('demo');
	if (typeof id !== 'string' || !id)
		return fail(400, { error: 'Say which demo to run (field "demo").' });
	const demo = DEMOS.get(id);
	if (!demo) return fail(400, { demo: id, error: `There is no demo called "${id}".` });
	if (!lesson.demos.includes(id)) {
		return fail(400, { demo: id, error: `The demo "${id}" is not part of this lesson.` });
	}
	const fields = Object.fromEntries([...form].filter(([, value]) => typeof value === 'string'));
	const parsed = v.safeParse(demo.schema, fields);
	if (!parsed.success) return fail(400, { demo: id, error: parsed.issues[0].message });

	const started = performance.now();
	let run: SandboxRequest | undefined;
	try {
		run = await sandbox.request({ slowDbMs });
		const { trace, sql } = run;
		const { outcome, result, summary } = await demo.run(run.ctx, parsed.output);
		const ms = performance.now() - started;
		const keys = await run.ttls();
		const at = Date.now();
		const activity = sandbox.log(lesson.id, { demo: id, outcome, summary, ms, at });
		return {
			demo: id,
			outcome,
			result,
			trace,
			sql,
			ms,
			keys,
			summary,
			at,
			activity
		} satisfies DemoResult;
	} catch (error) {
		const trace = run?.trace ?? [];
		const sql = run?.sql ?? [];
		if (error instanceof LabBusyError) {
			setHeaders?.({ 'retry-after': String(error.retryAfterSeconds) });
			return fail(429, { demo: id, error: error.message, trace, sql });
		}
		const message =
			error instanceof LabUnavailableError
				? error.message
				: `The demo could not finish: ${(error as Error).message}`;
		const activity = sandbox.log(lesson.id, {
			demo: id,
			outcome: 'error',
			summary: message,
			ms: 0,
			at: Date.now()
		});
		return fail(503, { demo: id, error: message, trace, sql, activity });
	} finally {
		await run?.close();
	}
}
