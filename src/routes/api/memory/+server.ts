import { channelEndpoint } from '$lib/server/sandbox/channel-answers';
import { memoryRequestOf, readMemory } from '$lib/server/sandbox/memory-read';

/**
 * The course's app-server memory for the learner, read only (`MemoryRequest` in, `MemoryResponse`
 * out): what a learner's own version starts from in the browser. See sandbox/memory-read.ts.
 */
export const POST = channelEndpoint('POST /api/memory', {
	shape: '{ "slots": ["<a slot\'s name>", ...] }',
	requestOf: memoryRequestOf,
	statements: (read) => read.slots.length,
	run: readMemory
});
