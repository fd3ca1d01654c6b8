import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunRequest, RunResponse } from '$lib/editor/protocol';
import { closeRedis } from '$lib/server/redis/connection';
import { labServersRunning, MAX_LAB_SERVERS, startLab } from '$lib/server/redis/labs';
import { newRecorder } from '$lib/server/redis/traced-client';
import {
	hasLabSession,
	labSession,
	SCRIPT_LIMIT_MS,
	setLabSessionLimits
} from '$lib/server/sandbox/lab-session';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST } from '../../src/routes/api/run/+server';

const learners: string[] = [];
let restoreLimits = () => {};
afterEach(async () => {
	for (const id of learners) await run(id, { lab: true, end: true, commands: [] }).catch(() => {});
	restoreLimits();
});
afterAll(async () => {
	for (const id of learners) await sandboxOf(id).reset();
	await closeRedis();
});

function newLearner() {
	const id = randomBytes(16).toString('base64url');
	learners.push(id);
	return id;
}

/** The endpoint called as SvelteKit calls it, for a learner whose cookie the hook has read. */
async function post(learnerId: string, request: RunRequest) {
	const body = JSON.stringify(request);
	const req = new Request('http://localhost/api/run', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body
	});
	const response = await POST({ request: req, locals: { learnerId, slowDbMs: 0 } } as never);
	return { status: response.status, headers: response.headers, json: await response.json() };
}

async function run(learnerId: string, request: RunRequest): Promise<RunResponse> {
	const { status, json } = await post(learnerId, request);
	if (status !== 200) throw new Error(`${status}: ${JSON.stringify(json)}`);
	return json as RunResponse;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busy = { lab: true, commands: [['EVAL', 'while true do end', '0']] } satisfies RunRequest;

describe('a learner’s lab for their own Lua', () => {
	it('refuses RESTORE and RESTORE-ASKING to a script, and checks any dump payload in full', async () => {
		const id = newLearner();
		const { replies } = await run(id, {
			lab: true,
			commands: [
				['SET', 'a', '1'],
				['EVAL', "local p = redis.call('DUMP', 'a') return redis.call('RESTORE', 'b', 0, p)", '0'],
				[
					'EVAL',
					"local p = redis.call('DUMP', 'a') return redis.call('RESTORE-ASKING', 'c', 0, p)",
					'0'
				],
				['EXISTS', 'b', 'c']
			]
		});
		expect(replies[0]).toBe('OK');
		for (const i of [1, 2]) {
			expect((replies[i] as { error: string }).error, String(i)).toMatch(/can't run this command/);
		}
		expect(replies[3]).toBe(0);
		const { lab } = await labSession(id);
		expect(await lab.redis.config('GET', 'sanitize-dump-payload')).toEqual([
			'sanitize-dump-payload',
			'yes'
		]);
	});

	it(`stops a busy script after ${SCRIPT_LIMIT_MS} ms, and makes the learner wait before a new lab`, async () => {
		const id = newLearner();
		const started = performance.now();
		const { replies } = await run(id, busy);
		expect(performance.now() - started).toBeLessThan(SCRIPT_LIMIT_MS + 700);
		expect((replies[0] as { error: string }).error).toMatch(/your script ran longer than/);
		expect(hasLabSession(id)).toBe(false);

		const turnedAway = await post(id, { lab: true, commands: [['PING']] });
		expect(turnedAway.status).toBe(429);
		const seconds = Number(turnedAway.headers.get('retry-after'));
		expect(seconds).toBeGreaterThanOrEqual(29);
		expect(seconds).toBeLessThanOrEqual(30);
		expect(turnedAway.json.error).toMatch(/; try again in (29|30) s, when a new one may start\.$/);
		expect(hasLabSession(id)).toBe(false);
		// The shared server is not the lab's: its batches still run.
		expect((await run(id, { commands: [['PING']] })).replies).toEqual(['PONG']);
	});

	it('starts a new lab once the cool-down has passed', async () => {
		restoreLimits = setLabSessionLimits({ cooldownMs: 1500 }); // a margin for a loaded machine
		const id = newLearner();
		await run(id, busy);
		expect((await post(id, { lab: true, commands: [['PING']] })).status).toBe(429);
		await sleep(1600);
		expect((await run(id, { lab: true, commands: [['PING']] })).replies).toEqual(['PONG']);
	});

	it('starts a new lab for the first batch past the session’s lifetime', async () => {
		// Long enough for two batches on a loaded machine (a lab may take 0.4 s to start there).
		const lifetimeMs = 3000;
		restoreLimits = setLabSessionLimits({ lifetimeMs });
		const id = newLearner();
		const started = Date.now();
		await run(id, { lab: true, commands: [['SET', 'k', 'v']] });
		const first = (await labSession(id)).lab.port;
		expect((await run(id, { lab: true, commands: [['GET', 'k']] })).replies).toEqual(['v']);
		await sleep(lifetimeMs + 100 - (Date.now() - started));
		const before = labServersRunning();
		expect((await run(id, { lab: true, commands: [['GET', 'k']] })).replies).toEqual([null]);
		expect((await labSession(id)).lab.port).not.toBe(first);
		expect(labServersRunning()).toBe(before); // the old one was stopped, not kept
	});

	it('takes at most half the lab servers, leaving the rest to lab demos', async () => {
		const half = Math.max(1, Math.floor(MAX_LAB_SERVERS / 2));
		const holders = Array.from({ length: half }, newLearner);
		for (const id of holders) await run(id, { lab: true, commands: [['PING']] });
		const turnedAway = await post(newLearner(), { lab: true, commands: [['PING']] });
		expect(turnedAway.status).toBe(429);
		expect(Number(turnedAway.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(turnedAway.json.error).toMatch(/^All lab servers for versions are busy \(\d+ at most/);
		// A lab demo still gets a lab server.
		const demo = await startLab({}, newRecorder());
		expect(await demo.lab.redis.ping()).toBe('PONG');
		await demo.stop();
		// A holder's end frees a place.
		await run(holders[0]!, { lab: true, end: true, commands: [] });
		expect((await run(newLearner(), { lab: true, commands: [['PING']] })).replies).toEqual([
			'PONG'
		]);
	});

	it('stops the lab after its idle time without a batch', async () => {
		restoreLimits = setLabSessionLimits({ idleMs: 300 });
		const id = newLearner();
		const before = labServersRunning();
		await run(id, { lab: true, commands: [['PING']] });
		expect(hasLabSession(id)).toBe(true);
		await expect.poll(() => hasLabSession(id), { timeout: 2000 }).toBe(false);
		await expect.poll(() => labServersRunning(), { timeout: 2000 }).toBe(before);
	});
});

describe('the end batch a page sends for a run it stopped', () => {
	it('stops the lab, and starts none when there is none', async () => {
		const id = newLearner();
		const before = labServersRunning();
		expect(await run(id, { lab: true, end: true, commands: [] })).toEqual({
			replies: [],
			trace: []
		});
		expect(hasLabSession(id)).toBe(false);
		expect(labServersRunning()).toBe(before);
		await run(id, { lab: true, commands: [['PING']] });
		expect(labServersRunning()).toBe(before + 1);
		await run(id, { lab: true, end: true, commands: [] });
		expect(hasLabSession(id)).toBe(false);
		expect(labServersRunning()).toBe(before);
	});
});
