import { encodeSlot, type MemoryRequest, type MemoryResponse } from '$lib/editor/runtime/memory';
import { memoryKey } from '../pattern-support';
import type { Sandbox } from './sandboxes';

/** How many slots one read names at most, and how long a slot's name may be. */
export const MEMORY_READ = { slots: 20, nameLength: 100 } as const;

/**
 * What the course's app server keeps in memory for this learner (the demos' `ctx.memory`), for
 * their own version in the browser to start from: read only. Nothing the browser sends is ever
 * written there, so a course demo never reads a value a learner's code made.
 */
export async function readMemory(
	sandbox: Sandbox,
	{ slots }: MemoryRequest
): Promise<MemoryResponse> {
	const values = await Promise.all(
		slots.map((name) => sandbox.memory.get(memoryKey<unknown>(name, () => null)))
	);
	return {
		slots: Object.fromEntries(
			slots.map((name, i) => [name, values[i] == null ? null : encodeSlot(values[i])])
		)
	};
}

/** The request, or why it is not one. */
export function memoryRequestOf(value: unknown): MemoryRequest | string {
	const expected = `Send { "slots": ["<a slot's name>", ...] }: 1 to ${MEMORY_READ.slots} names of at most ${MEMORY_READ.nameLength} characters.`;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
	const { slots } = value as Record<string, unknown>;
	const isName = (name: unknown) =>
		typeof name === 'string' && name.length > 0 && name.length <= MEMORY_READ.nameLength;
	if (!Array.isArray(slots) || slots.length === 0 || slots.length > MEMORY_READ.slots)
		return expected;
	if (!slots.every(isName)) return expected;
	return { slots: slots as string[] };
}
