import type { Redis } from 'ioredis';
import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { DemoResult, KeyTtl, SqlEntry, TraceEntry } from '$lib/types';
import { sharedRedis } from '../redis/connection';
import { keysOf } from '../redis/prefix';
import type { Sandbox } from '../sandbox/sandboxes';
import { DEMOS } from './index';

/**
 * The `demo` form action: finds the demo, checks its input against the demo's schema, runs it
 * in the learner's sandbox and returns the demo contract { demo, outcome, result, trace, sql, ms }.
 */
export async function runDemo(
	sandbox: Sandbox,
	lesson: { id: string; demos: string[] },
	form: FormData,
	slowDbMs: number
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

	const trace: TraceEntry[] = [];
	const sql: SqlEntry[] = [];
	const started = performance.now();
	const opened: Redis[] = [];
	try {
		const ctx = await sandbox.context(trace, sql, slowDbMs, opened);
		const { outcome, result, summary } = await demo.run(ctx, parsed.output);
		const ms = performance.now() - started;
		const keys = await ttlsOf(sandbox.prefix, trace);
		const at = Date.now();
		sandbox.log(lesson.id, { demo: id, outcome, summary, ms, at });
		return { demo: id, outcome, result, trace, sql, ms, keys, summary, at } satisfies DemoResult;
	} catch (error) {
		const message = `The demo could not finish: ${(error as Error).message}`;
		sandbox.log(lesson.id, { demo: id, outcome: 'error', summary: message, ms: 0, at: Date.now() });
		return fail(503, { demo: id, error: message, trace, sql });
	} finally {
		for (const connection of opened) connection.disconnect();
	}
}

/** The live TTL of every key the demo touched, in one pipeline (course instrumentation, untraced). */
async function ttlsOf(prefix: string, trace: TraceEntry[]): Promise<KeyTtl[]> {
	const keys = [...new Set(trace.flatMap(({ cmd, args }) => safeKeys([cmd, ...args])))];
	if (!keys.length) return [];
	const redis = await sharedRedis();
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.pttl(prefix + key);
	const replies = (await pipeline.exec()) ?? [];
	return keys.map((key, i) => ({ key, ttlMs: Number(replies[i]?.[1] ?? -2) }));
}

function safeKeys(argv: string[]): string[] {
	try {
		return keysOf(argv);
	} catch {
		return []; // MULTI, EXEC and the like have no keys
	}
}
