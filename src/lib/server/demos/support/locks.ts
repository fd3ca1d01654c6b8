import { memoryKey } from '../../pattern-support';
import type { Lock } from '../../patterns/lock';

export const RESOURCES = ['report', 'payments'] as const;
export const WORKERS = ['worker-a', 'worker-b'] as const;

/** Each worker's locks, as a worker keeps its own in memory: resource → the lock it holds. */
export const heldBy = (worker: string) =>
	memoryKey(`locks:${worker}`, () => new Map<string, Lock>());

export const workerOf = (token: string | null) => (token ? token.split(':')[0]! : '(nobody)');

/** A worker that never acquired the lock still sends its own token: one that cannot match. */
export const tokenOf = (held: Lock | undefined, worker: string) =>
	held?.token ?? `${worker}:never-acquired`;
