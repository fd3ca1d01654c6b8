/**
 * What the tests of the course's own Redis going away (redis-outage, redis-frozen) share: a
 * private server for the course, and a learner's clicks and console lines, each timed.
 */
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, expect } from 'vitest';
import type { DemoResult } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import { runDemo } from '$lib/server/demos/run';
import { closeRedis, sharedRedis } from '$lib/server/redis/connection';
import { startRedisServer, type ServerProcess } from '$lib/server/redis/server-process';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST as consolePost } from '../../src/routes/api/console/+server';

/** How soon the course must say that Redis is away. */
export const PROMPT_MS = 2000;

/**
 * Gives the whole course a private redis-server for one test file, which must run in its own
 * worker (ISOLATED in vite.config.ts): the connection module reads REDIS_URL when it first
 * connects, so pointing REDIS_URL at the server before then makes it the course's own Redis.
 * After the file: `beforeStop` (what the file must undo or close first), then the course's
 * connection closed and the server stopped. Answers the server, once started.
 */
export function usePrivateCourseRedis(
	tempPrefix: string,
	beforeStop: (server: ServerProcess) => void | Promise<void> = () => {}
): () => ServerProcess {
	let server: ServerProcess | undefined;
	beforeAll(async () => {
		server = await startRedisServer(
			[
				['save', ''],
				['appendonly', 'no']
			],
			tempPrefix
		);
		process.env.REDIS_URL = server.url;
		const client = await sharedRedis();
		expect(client.options as { port?: number }).toMatchObject({ port: server.port });
	});
	afterAll(async () => {
		if (!server) return;
		await beforeStop(server);
		await closeRedis();
		await server.stop();
	});
	return () => {
		if (!server) throw new Error('the private Redis starts in beforeAll');
		return server;
	};
}

export type Answer = DemoResult | ActionFailure<{ error: string; trace?: { reply: string }[] }>;

/** A learner of one lesson that has every demo: their clicks (as the demo action runs them) and console lines. */
export function outageLearner(learnerId: string, lessonId: string) {
	const lesson = { id: lessonId, demos: [...DEMOS.keys()] };
	return {
		async click(id: string, learner = learnerId): Promise<{ answer: Answer; ms: number }> {
			const demo = DEMOS.get(id)!;
			const form = new Map(demo.fields.map((field) => [field.name, String(field.default)]));
			form.set('demo', id);
			const started = performance.now();
			const answer = (await runDemo(sandboxOf(learner), lesson, form, { slowDbMs: 0 })) as Answer;
			return { answer, ms: performance.now() - started };
		},
		async consoleLine(line: string) {
			const request = new Request('http://localhost/api/console', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ line })
			});
			const response = await consolePost({ request, locals: { learnerId, slowDbMs: 0 } } as never);
			return { status: response.status, body: (await response.json()) as { reply: string } };
		}
	};
}

export const succeeded = (answer: Answer) => {
	expect(isActionFailure(answer), JSON.stringify(answer).slice(0, 300)).toBe(false);
	return answer as DemoResult;
};

/** `work`'s value, once it has come back within PROMPT_MS. */
export async function timed<T>(work: () => Promise<T>): Promise<T> {
	const started = performance.now();
	const value = await work();
	expect(performance.now() - started).toBeLessThan(PROMPT_MS);
	return value;
}
