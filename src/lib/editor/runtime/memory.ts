import type { InstanceMemory, MemoryKey } from '$lib/server/pattern-support/context';

/**
 * The app server's memory as a learner's version sees it. A value read is a copy, as on the
 * server, and every actor of a run shares one memory.
 */

/** A slot's value as JSON text, a Map kept as `{ "$map": [[key, value], ...] }`. */
export const encodeSlot = (value: unknown): string =>
	JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? { $map: [...v] } : v));

export const decodeSlot = (text: string): unknown =>
	JSON.parse(text, (_, v: unknown) =>
		v && typeof v === 'object' && '$map' in v
			? new Map((v as { $map: [unknown, unknown][] }).$map)
			: v
	);

/** `POST /api/memory`: the learner's server-side memory, read only, slots by name. */
export interface MemoryRequest {
	slots: string[];
}
/** Each slot's value (encodeSlot), or null where the course's app server keeps nothing. */
export interface MemoryResponse {
	slots: Record<string, string | null>;
}

/** A Map for one run (a fix-the-bug check: its race must not depend on what was there before). */
export function createMemory(): InstanceMemory {
	const slots = new Map<string, unknown>();
	return {
		get: async <T>(key: MemoryKey<T>) =>
			structuredClone(slots.has(key.name) ? (slots.get(key.name) as T) : key.init()),
		set: async <T>(key: MemoryKey<T>, value: T) => void slots.set(key.name, structuredClone(value)),
		delete: async (key: MemoryKey<unknown>) => void slots.delete(key.name)
	};
}

/**
 * What the learner's version wrote to its memory, kept by the page from run to run: each slot's
 * value (null once deleted) and the server's value it was written over.
 */
export type MemoryOverlay = Record<string, { value: string | null; over: string | null }>;

/**
 * The memory a demo run of the learner's version sees: the learner's own app server. It starts
 * from what the course's app server keeps for this learner (read, never written: a course demo
 * never reads a value the learner's code made), and what the version writes stays in `overlay`
 * and shadows that. Until the course changes the slot: then the course's new value is what a
 * real app server would have heard of last, and the version's own is dropped.
 */
export function learnerMemory(
	read: (request: MemoryRequest) => Promise<MemoryResponse>,
	overlay: MemoryOverlay
): InstanceMemory {
	const server = new Map<string, Promise<string | null>>(); // read once a run
	const serverValue = (name: string) => {
		let value = server.get(name);
		if (!value) {
			value = read({ slots: [name] }).then((answer) => answer.slots[name] ?? null);
			server.set(name, value);
		}
		return value;
	};
	const current = async (name: string) => {
		const base = await serverValue(name);
		const own = overlay[name];
		if (own && own.over === base) return own.value;
		delete overlay[name];
		return base;
	};
	const write = async (name: string, value: string | null) => {
		overlay[name] = { value, over: await serverValue(name) };
	};
	return {
		get: async <T>(key: MemoryKey<T>) => {
			const text = await current(key.name);
			return text === null ? key.init() : (decodeSlot(text) as T);
		},
		set: (key, value) => write(key.name, encodeSlot(value)),
		delete: (key) => write(key.name, null)
	};
}
