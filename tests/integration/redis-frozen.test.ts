/**
 * The course's own Redis frozen under a learner (SIGSTOP: the process and its connections stay,
 * nothing answers), then thawed. Unlike a stopped server, a frozen one refuses nothing: without a
 * reply timeout every command would wait for ever. This file runs in its own worker and points
 * REDIS_URL at a private redis-server before the course first connects.
 */
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { SERVED_FROM_DATABASE } from '$lib/server/demos/support/fail-open';
import { REDIS_UNAVAILABLE, redisStatus } from '$lib/server/redis/connection';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { GET as keysGet } from '../../src/routes/api/keys/+server';
import { outageLearner, PROMPT_MS, succeeded, timed, usePrivateCourseRedis } from './course-outage';

const learnerId = 'frozen-learner';
const server = usePrivateCourseRedis('redis-frozen-test-', ({ pid }) => {
	process.kill(pid, 'SIGCONT'); // a failed test must not leave a stopped process
	sandboxOf(learnerId).close();
});

const { click, consoleLine } = outageLearner(learnerId, 'frozen');

describe('the course with its Redis frozen, then thawed', () => {
	it('works with Redis answering, and the learner has typed a console line', async () => {
		expect(succeeded((await click('cache-aside-read')).answer).outcome).toMatch(/^(miss|hit)$/);
		expect((await consoleLine('SET note hello')).body.reply).toBe('OK');
		process.kill(server().pid, 'SIGSTOP');
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
		const line = await timed(() => consoleLine('GET note'));
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
		process.kill(server().pid, 'SIGCONT');
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
