import type { FromWorker, ToWorker } from '../protocol';
import type { MemoryOverlay } from './memory';

/**
 * What goes between startRun and its worker: the page's message with the learner's app-server
 * memory (what their version wrote in earlier runs; a worker lasts one run), and the answer with
 * that memory as the run left it.
 */
export interface ToRunWorker {
	message: ToWorker;
	memory: MemoryOverlay;
}

export interface FromRunWorker {
	answer: FromWorker;
	memory: MemoryOverlay;
}
