import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import { defineDemo } from '$lib/server/demos/define';
import type { PatternContext } from '$lib/server/pattern-support';
import { runInSandbox } from '$lib/server/demos/run';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { request, useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

type Failed = ActionFailure<{ error: string; trace: { cmd: string; reply: string }[] }>;
const failure = (answer: unknown) => {
	expect(isActionFailure(answer)).toBe(true);
	return answer as Failed;
};

/** A demo of its own that runs `body` (which is expected to fail) in a new learner's sandbox. */
async function runProbe(body: (ctx: PatternContext) => Promise<void>) {
	const demo = defineDemo({
		id: 'probe',
		title: 'Probe',
		button: 'Run',
		pattern: 'cache-aside',
		runs: 'readThrough',
		inputs: {},
		async run(ctx) {
			await body(ctx);
			return { outcome: 'hit', result: null, summary: 'unreachable' };
		}
	});
	return failure(await runInSandbox(newSandbox(), 'lesson', demo, {}, { slowDbMs: 0 }));
}

describe('a demo that cannot run says why, with the right status', () => {
	it('its own precondition (a lock an earlier click still holds) is a 409 with a sentence', async () => {
		const learner = newSandbox();
		const held = await request(learner);
		await held.ctx.redis.set('lock:race:get-then-del', 'an-earlier-click', 'PX', 10_000);
		const answer = failure(
			await runInSandbox(learner, 'lesson', DEMOS.get('lock-race')!, {}, { slowDbMs: 0 })
		);
		expect(answer.status).toBe(409);
		expect(answer.data.error).toBe(
			'lock:race:get-then-del is still held from a previous run; try again in a few seconds.'
		);
	});

	it('Redis going away under a demo is a 503 with one plain sentence, never the driver’s words', async () => {
		// A lab server stopped under the demo: the same failure as the course's own Redis going away.
		const answer = await runProbe(async (ctx) => {
			const lab = await ctx.lab();
			await lab.stop({ crash: true });
			await lab.redis.get('product:1');
		});
		expect(answer.status).toBe(503);
		expect(answer.data.error).toBe(REDIS_UNAVAILABLE);
		expect(JSON.stringify(answer.data)).not.toMatch(/enableOfflineQueue|Stream isn't writeable/);
		expect(answer.data.trace.at(-1)).toMatchObject({
			cmd: 'GET',
			reply: expect.stringMatching(/^\(error\) no connection to Redis/)
		});
	});

	it('a lab server that will not start is a sentence, never the server’s log', async () => {
		const answer = await runProbe(async (ctx) => {
			await ctx.lab({ config: { 'no-such-directive': 'yes' } });
		});
		expect(answer.status).toBe(503);
		expect(answer.data.error).toBe(
			'The lab server for this demo could not start; try again in a few seconds.'
		);
		expect(JSON.stringify(answer.data)).not.toMatch(/redis-server|no-such-directive|Bad directive/);
	});
});
