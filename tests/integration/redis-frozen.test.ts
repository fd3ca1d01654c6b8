/**
 * The course's own Redis frozen under a learner (SIGSTOP: the process and its connections stay,
 * nothing answers), then thawed. Unlike a stopped server, a frozen one refuses nothing: without a
 * reply timeout every command would wait for ever. This file runs in its own worker and points
 * REDIS_URL at a private redis-server before the course first connects.
 */
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import { runDemo } from '$lib/server/demos/run';
import { SERVED_FROM_DATABASE } from '$lib/server/demos/support/fail-open';
import {
	REDIS_UNAVAILABLE,
	closeRedis,
	redisStatus,
	sharedRedis
} from '$lib/server/redis/connection';
import { startRedisServer, type ServerProcess } from '$lib/server/redis/server-process';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST as consolePost } from '../../src/routes/api/console/+server';
import { GET as keysGet } from '../../src/routes/api/keys/+server';

const PROMPT_MS = 2000;
const learnerId = 'frozen-learner';
const lesson = { id: 'frozen', demos: [...DEMOS.keys()] };
let server: ServerProcess;

beforeAll(async () => {
	server = await startRedisServer(
		[
			['save', ''],
			['appendonly', 'no']
		],
		'redis-frozen-test-'
	);
	process.env.REDIS_URL = server.url;
	const client = await sharedRedis();
	expect(client.options as { port?: number }).toMatchObject({ port: server.port });
});
afterAll(async () => {
	process.kill(server.pid, 'SIGCONT'); // a failed test must not leave a stopped process
	sandboxOf(learnerId).close();
	await closeRedis();
	await server.stop();
});

type Answer = DemoResult | ActionFailure<{ error: string }>;

async function click(id: string): Promise<{ answer: Answer; ms: number }> {
	const demo = DEMOS.get(id)!;
	const form = new Map(demo.fields.map((field) => [field.name, String(field.default)]));
	form.set('demo', id);
	const started = performance.now();
	const answer = (await runDemo(sandboxOf(learnerId), lesson, form, { slowDbMs: 0 })) as Answer;
	return { answer, ms: performance.now() - started };
}

const succeeded = (answer: Answer) => {
	expect(isActionFailure(answer), JSON.stringify(answer).slice(0, 300)).toBe(false);
	return answer as DemoResult;
};

async function consoleLine(line: string) {
	const request = new Request('http://localhost/api/console', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ line })
	});
	const started = performance.now();
	const response = await consolePost({ request, locals: { learnerId, slowDbMs: 0 } } as never);
	const body = (await response.json()) as { reply: string };
	return { status: response.status, body, ms: performance.now() - started };
}

describe('the course with its Redis frozen, then thawed', () => {
	it('works with Redis answering, and the learner has typed a console line', async () => {
		expect(succeeded((await click('cache-aside-read')).answer).outcome).toMatch(/^(miss|hit)$/);
		expect((await consoleLine('SET note hello')).body.reply).toBe('OK');
		process.kill(server.pid, 'SIGSTOP');
	});

	it('a cache-aside read fails open within 2 s, its trace saying Redis did not reply', async () => {
		const { answer, ms } = await click('cache-aside-read');
		expect(ms).toBeLessThan(PROMPT_MS);
		const result = succeeded(answer);
		expect(result.outcome).toBe('degraded');
		expect(result.summary).toContain(SERVED_FROM_DATABASE);
		expect(result.result).toHaveLength(10);
		expect(result.trace[0]).toMatchObject({
			cmd: 'GET',
			reply: expect.stringMatching(/^\(error\) no reply from Redis/)
		});
		expect(result.trace.filter(({ cmd }) => cmd === 'SET')).toEqual([]);
	});

	it.each(['lock-acquire', 'leaderboard-seed', 'rate-limit', 'write-through-write'])(
		'%s answers 503 with the one sentence within 2 s',
		async (id) => {
			const { answer, ms } = await click(id);
			expect(ms).toBeLessThan(PROMPT_MS);
			expect(isActionFailure(answer)).toBe(true);
			expect((answer as ActionFailure<{ error: string }>).status).toBe(503);
			expect((answer as ActionFailure<{ error: string }>).data.error).toBe(REDIS_UNAVAILABLE);
		}
	);

	it('the console, the key inspector and the header say so within 2 s', async () => {
		const line = await consoleLine('GET note');
		expect(line.ms).toBeLessThan(PROMPT_MS);
		expect(line).toMatchObject({
			status: 503,
			body: { reply: `(error) ${REDIS_UNAVAILABLE}`, error: true }
		});
		const started = performance.now();
		const keys = await keysGet({ locals: { learnerId, slowDbMs: 0 } } as never);
		expect(keys.status).toBe(503);
		const status = await redisStatus();
		expect(performance.now() - started).toBeLessThan(PROMPT_MS * 2);
		expect(status).toMatchObject({ connected: false, message: REDIS_UNAVAILABLE });
	});

	it('is back within 5 s of Redis answering again, with nothing restarted', async () => {
		process.kill(server.pid, 'SIGCONT');
		const started = performance.now();
		let outcome = 'degraded';
		while (outcome === 'degraded' && performance.now() - started < 5000) {
			outcome = succeeded((await click('cache-aside-read')).answer).outcome;
			if (outcome === 'degraded') await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(outcome).toMatch(/^(miss|hit)$/);
		expect(performance.now() - started).toBeLessThan(5000);
		// The frozen server kept its data: the console's key is still there.
		expect((await consoleLine('GET note')).body).toEqual({ reply: '"hello"', error: false });
		expect(succeeded((await click('lock-acquire')).answer).outcome).not.toBe('error');
		expect((await redisStatus()).connected).toBe(true);
	});
});
