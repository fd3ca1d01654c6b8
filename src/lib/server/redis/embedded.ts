import { startRedisServer } from './server-process';

export { hasRedisServer } from './server-process';

/** The hardening of ../shared/SANDBOX.md §5, for a server the course manages itself. */
export const HARDENED_SETTINGS: [string, string][] = [
	['databases', '1'],
	['proto-max-bulk-len', '1mb'],
	['client-query-buffer-limit', '1mb'],
	['client-output-buffer-limit', 'normal 8mb 2mb 10'],
	['client-output-buffer-limit', 'pubsub 1mb 256kb 10'],
	['maxmemory', '256mb'],
	['maxmemory-policy', 'volatile-lru'],
	['busy-reply-threshold', '200'],
	['enable-debug-command', 'no'],
	['enable-module-command', 'no'],
	['maxclients', '1000'],
	['save', ''],
	['appendonly', 'no']
];

export interface EmbeddedRedis {
	url: string;
	port: number;
	stop(): Promise<void>;
}

export const HOW_TO_GET_REDIS = [
	'No Redis is available: REDIS_URL is not set and no redis-server was found on PATH.',
	'Get one of these and start the course again:',
	'  Debian/Ubuntu:  sudo apt-get install -y redis-server',
	'  macOS:          brew install redis',
	'  Docker:         docker compose up -d   (then REDIS_URL=redis://localhost:6379 npm start)'
].join('\n');

/**
 * Starts a private redis-server on a free loopback port in a temporary directory, with the
 * hardened settings, and resolves once it accepts connections. stop() waits for the process to
 * exit and removes the directory.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedRedis> {
	const { url, port, stop } = await startRedisServer(HARDENED_SETTINGS);
	return { url, port, stop };
}
