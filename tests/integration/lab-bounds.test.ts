import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import { runInSandbox } from '$lib/server/demos/run';
import { labServersRunning } from '$lib/server/redis/labs';
import { OwnLabBusyError } from '$lib/server/sandbox/sandboxes';
import { request, useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

type Busy = ActionFailure<{ error: string; busy?: { retryAfterSeconds: number } }>;

describe('one learner, one lab demo at a time', () => {
	it('a second demo of the same learner is told to wait for the first; other learners are not', async () => {
		const learner = newSandbox();
		const first = await request(learner);
		await first.ctx.lab();
		await first.ctx.lab(); // the demo that holds the labs may open more of them

		const second = await request(learner);
		const started = performance.now();
		await expect(second.ctx.lab()).rejects.toBeInstanceOf(OwnLabBusyError);
		await expect(second.ctx.clusterLab()).rejects.toBeInstanceOf(OwnLabBusyError);
		expect(performance.now() - started).toBeLessThan(200);

		const other = await request(newSandbox());
		await expect(other.ctx.lab()).resolves.toBeDefined();
		await other.close();

		await first.close();
		await expect(second.ctx.lab()).resolves.toBeDefined();
		await second.close();
		expect(labServersRunning()).toBe(0);
	});

	it('the demo runner answers 429 with the time to wait in a busy field (the page shows a wait, not an error)', async () => {
		const learner = newSandbox();
		const holding = await request(learner);
		await holding.ctx.lab();
		const headers: Record<string, string> = {};
		const answer = await runInSandbox(
			learner,
			'lesson',
			DEMOS.get('hash-encoding')!,
			{},
			{
				slowDbMs: 0,
				setHeaders: (set) => Object.assign(headers, set)
			}
		);
		expect(isActionFailure(answer) && answer.status).toBe(429);
		const { error, busy } = (answer as Busy).data;
		expect(error).toMatch(/Your other lab demo is still running.*try again/);
		expect(busy?.retryAfterSeconds).toBe(Number(headers['retry-after']));
		expect(busy?.retryAfterSeconds).toBeGreaterThan(0);
		await holding.close();

		const after = await runInSandbox(
			learner,
			'lesson',
			DEMOS.get('hash-encoding')!,
			{},
			{
				slowDbMs: 0
			}
		);
		expect(isActionFailure(after)).toBe(false);
	});
});
