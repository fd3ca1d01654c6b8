import { closeRedis } from './redis/connection';
import { stopAllLabs } from './redis/labs';
import { closeLiveChannels, stopAllListeners } from './redis/live-channels';
import { closeSubscriber } from './redis/subscriber';
import { closeAllSandboxes } from './sandbox/sandboxes';

/**
 * The process must be gone this long after the requests drained, even if closing hangs (a
 * connection that will not close, a server slow to stop): `exit` handlers still run, and
 * server-process.ts's kills any redis-server left and removes its directory.
 */
const EXIT_DEADLINE_MS = 1500;

/**
 * A graceful stop on SIGTERM or SIGINT, in two steps around adapter-node's own.
 *
 * 1. On the signal, adapter-node stops accepting connections and waits for the requests in flight
 *    (at most SHUTDOWN_TIMEOUT seconds). The live panels' streams never end by themselves, so they
 *    are ended here, at once, with an `end` event saying why; a panel opened from now on ends too.
 * 2. Once every request has been answered (`sveltekit:shutdown`), every connection the course
 *    holds is closed: the learners' console connections, the subscriber, lab servers, the shared
 *    client; then the embedded redis-server is stopped and its directory removed, and the
 *    process exits.
 *
 * A second signal changes nothing: `npm start` forwards Ctrl-C to a process that got it already.
 * Without adapter-node (`vite dev`) a signal ends the process as it would without this handler.
 */
export function handleShutdown(): void {
	const onSignal = (signal: NodeJS.Signals) => {
		process.off('SIGTERM', onSignal);
		process.off('SIGINT', onSignal);
		void stopAllListeners().catch(() => {});
		// Nobody else handles it (`vite dev`): the signal does what it does by default.
		if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);
	process.once('sveltekit:shutdown', () => void closeEverything());
}

async function closeEverything(): Promise<void> {
	setTimeout(() => process.exit(), EXIT_DEADLINE_MS).unref();
	closeAllSandboxes();
	// All at once: the embedded redis-server and its directory must be gone before the deadline,
	// however long the others take on a loaded machine.
	await Promise.allSettled([stopAllLabs(), closeLiveChannels(), closeSubscriber(), closeRedis()]);
	// Everything the course opened is closed: background work (warming the highlighted pattern
	// sources) has no reason to keep the process.
	process.exit();
}
