import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedis } from '$lib/server/redis/connection';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST } from '../../src/routes/api/console/+server';

const learners: string[] = [];
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
async function post(learnerId: string, body: string) {
	const request = new Request('http://localhost/api/console', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body
	});
	const response = await POST({ request, locals: { learnerId, slowDbMs: 0 } } as never);
	return { status: response.status, headers: response.headers, json: await response.json() };
}

describe('POST /api/console', () => {
	it('answers 200 with the reply as redis-cli prints it', async () => {
		const id = newLearner();
		expect(await post(id, JSON.stringify({ line: 'SET greeting hello' }))).toMatchObject({
			status: 200,
			json: { reply: 'OK', error: false }
		});
		expect((await post(id, JSON.stringify({ line: 'GET greeting' }))).json).toEqual({
			reply: '"hello"',
			error: false
		});
	});

	it('answers 200 with error: true for a refused or unparsable line', async () => {
		const id = newLearner();
		const refused = await post(id, JSON.stringify({ line: 'FLUSHALL' }));
		expect(refused.status).toBe(200);
		expect(refused.json).toEqual({
			reply: '(error) not available in the sandbox: FLUSHALL is a server administration command',
			error: true
		});
		expect((await post(id, JSON.stringify({ line: 'GET "x' }))).json).toEqual({
			reply: '(error) Invalid argument(s)',
			error: true
		});
	});

	it.each([
		['no body', ''],
		['not JSON', 'GET k'],
		['no line', '{}'],
		['a line that is not a string', '{"line": 1}'],
		['two lines', JSON.stringify({ line: 'GET a\r\nFLUSHALL' })],
		['an oversized line', JSON.stringify({ line: `ECHO ${'a'.repeat(LIMITS.lineChars)}` })]
	])('answers 400 to %s', async (_case, body) => {
		const { status, json } = await post(newLearner(), body);
		expect(status).toBe(400);
		expect(typeof json.error).toBe('string');
	});

	it(`answers 429 with Retry-After after ${LIMITS.linesPerWindow} lines`, async () => {
		const id = newLearner();
		const line = JSON.stringify({ line: 'PING' });
		for (let i = 0; i < LIMITS.linesPerWindow; i++) expect((await post(id, line)).status).toBe(200);
		const over = await post(id, line);
		expect(over.status).toBe(429);
		expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(LIMITS.windowSeconds);
		expect(over.json).toMatchObject({ error: true, reply: expect.stringMatching(/^\(error\) /) });
		expect((await post(newLearner(), line)).status).toBe(200); // another learner is not limited
	});
});
