import { json } from '@sveltejs/kit';
import { failureAnswer, refusedBeforeRunning } from '$lib/server/sandbox/channel-answers';
import { CHANNEL_BODY_BYTES, readJsonBody } from '$lib/server/sandbox/json-body';
import { memoryRequestOf, readMemory } from '$lib/server/sandbox/memory-read';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';

const SHAPE = '{ "slots": ["<a slot\'s name>", ...] }';

/**
 * The course's app-server memory for the learner, read only (`MemoryRequest` in, `MemoryResponse`
 * out): what a learner's own version starts from in the browser. See sandbox/memory-read.ts.
 */
export const POST = async ({ request, locals }) => {
	const body = await readJsonBody(request, { maxBytes: CHANNEL_BODY_BYTES, shape: SHAPE });
	if (!body.ok) return json({ error: body.error }, { status: body.status });
	const read = memoryRequestOf(body.value);
	if (typeof read === 'string') return json({ error: read }, { status: 400 });
	const refused = refusedBeforeRunning(locals, read.slots.length);
	if (refused) return refused;
	try {
		return json(await readMemory(sandboxOf(locals.learnerId), read));
	} catch (error) {
		return failureAnswer(error, 'POST /api/memory');
	}
};
