import { describe, expect, it } from 'vitest';
import { decodeSlot, type MemoryResponse } from '$lib/editor/runtime/memory';
import { heldBy } from '$lib/server/demos/support/locks';
import { memoryKey } from '$lib/server/pattern-support';
import { NO_LEARNER } from '$lib/server/sandbox/learner';
import { MEMORY_READ } from '$lib/server/sandbox/memory-read';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST } from '../../src/routes/api/memory/+server';
import { runDemo, useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();
/** A learner the endpoint finds by their id, as it finds one by the cookie. */
const newLearner = () => newSandbox().id;

async function post(learnerId: string, body: string, newLearner = false) {
	const request = new Request('http://localhost/api/memory', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body
	});
	const response = await POST({ request, locals: { learnerId, slowDbMs: 0, newLearner } } as never);
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/memory: the course’s app-server memory for the learner, read only', () => {
	it('answers each slot the course keeps (Maps kept), null for one it does not', async () => {
		const learner = newLearner();
		const acquired = await runDemo(sandboxOf(learner), 'lock-acquire', {
			resource: 'report',
			worker: 'worker-b',
			ttl: '30'
		});
		const { status, json } = await post(
			learner,
			JSON.stringify({ slots: ['locks:worker-b', 'locks:worker-a'] })
		);
		expect(status).toBe(200);
		const { slots } = json as unknown as MemoryResponse;
		expect(slots['locks:worker-a']).toBeNull();
		const held = decodeSlot(slots['locks:worker-b']!) as Map<string, { token: string }>;
		expect(held).toBeInstanceOf(Map);
		expect(held.get('report')?.token).toBe(acquired.result.token);
		// what it read is what the course's demos read, unchanged by the read
		expect(await sandboxOf(learner).memory.get(heldBy('worker-b'))).toEqual(held);
	});

	it('has nothing that writes: a slot the learner names is not created', async () => {
		const learner = newLearner();
		await post(learner, JSON.stringify({ slots: ['locks:worker-a'] }));
		const none = await sandboxOf(learner).memory.get(memoryKey('locks:worker-a', () => 'none'));
		expect(none).toBe('none');
	});

	it.each([
		['not an object', '["locks:worker-a"]'],
		['no slots', '{"slots": []}'],
		['a name that is not text', '{"slots": [3]}'],
		['a name too long', JSON.stringify({ slots: ['x'.repeat(MEMORY_READ.nameLength + 1)] })],
		[
			'too many names',
			JSON.stringify({ slots: Array.from({ length: MEMORY_READ.slots + 1 }, (_, i) => `s${i}`) })
		]
	])('refuses %s with a 400 that says what to send', async (_what, body) => {
		const { status, json } = await post(newLearner(), body);
		expect(status).toBe(400);
		expect(json.error).toMatch(/^Send \{ "slots": /);
	});

	it('is 409 for a request without the learner’s cookie', async () => {
		const { status, json } = await post(newLearner(), '{"slots": ["a"]}', true);
		expect(status).toBe(409);
		expect(json.error).toBe(NO_LEARNER);
	});
});
