import type { InstanceMemory, MemoryKey } from '$lib/server/pattern-support/context';

/**
 * The app server's memory as a learner's version sees it: a Map for the run (the worker ends
 * with it), shared by every actor of the run. A value read is a copy, as on the server.
 */
export function createMemory(): InstanceMemory {
	const slots = new Map<string, unknown>();
	return {
		get: async <T>(key: MemoryKey<T>) =>
			structuredClone(slots.has(key.name) ? (slots.get(key.name) as T) : key.init()),
		set: async <T>(key: MemoryKey<T>, value: T) => void slots.set(key.name, structuredClone(value)),
		delete: async (key: MemoryKey<unknown>) => void slots.delete(key.name)
	};
}
