import { ttlLabel } from './format';

/**
 * TTLs counting down between two reads from the server: the server says how many ms were left
 * when it read them; this ticks the clock while the component lives.
 */
export class Countdown {
	#readAt = $state(Date.now());
	#now = $state(Date.now());

	constructor(intervalMs = 250) {
		$effect(() => {
			const timer = setInterval(() => (this.#now = Date.now()), intervalMs);
			return () => clearInterval(timer);
		});
	}

	/** The server has just read fresh TTLs. */
	restart() {
		this.#readAt = this.#now = Date.now();
	}

	/** What is left of a TTL (PTTL's -1: none, -2: the key is gone) in redis-cli's words. */
	label(ttlMs: number): string {
		return ttlLabel(ttlMs, ttlMs - (this.#now - this.#readAt));
	}
}
