import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The hardening of ../shared/SANDBOX.md §5, for a server the course manages itself. */
export const HARDENED_SETTINGS: string[][] = [
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

/** True when `redis-server` can be run from PATH. */
export function hasRedisServer(): boolean {
	const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
	return probe.status === 0;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

/**
 * Starts a private redis-server on a free loopback port in a temporary directory, with the
 * hardened settings, and resolves once it accepts connections. stop() waits for the process to
 * exit and removes the directory.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedRedis> {
	const dir = mkdtempSync(join(tmpdir(), 'redis-course-'));
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
	for (const [name, value] of HARDENED_SETTINGS) args.push(`--${name}`, value!);
	const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let exited = false;
	const exit = new Promise<void>((resolve) =>
		child.once('exit', () => {
			exited = true;
			resolve();
		})
	);

	// Last resort if the process exits without stop(): no orphaned server, no stale directory.
	const onExit = () => {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', onExit);

	await waitUntilReady(child, exit);
	const stop = async () => {
		process.off('exit', onExit);
		if (!exited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exit;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	return { url: `redis://127.0.0.1:${port}`, port, stop };
}

function waitUntilReady(child: ChildProcess, exit: Promise<void>): Promise<void> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start:\n${output}`)),
			10_000
		);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				child.stdout?.off('data', onData);
				child.stdout?.resume();
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		void exit.then(() => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited:\n${output}`));
		});
	});
}
