import { closeRedis } from './redis/connection';

/** Closes what the course holds open once adapter-node has drained its requests. */
export function handleShutdown(): void {
	// adapter-node emits this after SIGINT/SIGTERM once requests have drained.
	process.once('sveltekit:shutdown', () => void closeRedis());
}
