// A local Redis Cluster of three primaries, for the tests and the bench: three
// `redis-server --cluster-enabled yes` on free loopback ports in temporary directories, joined
// by `redis-cli --cluster create`. `REDIS_CLUSTER_NODES=<nodes>` points the course at it.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../src/lib/server/redis/free-port.js';

const run = promisify(execFile);

/**
 * @param {() => Promise<unknown>} check
 * @param {string} what
 */
async function until(check, what, ms = 10_000) {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Starts the cluster. Resolves to `{ nodes: 'host:port,...', ports, stop() }` once every node
 * reports `cluster_state:ok`; `stop()` shuts the servers down and removes their directories.
 * @param {string[]} [extra] more redis-server arguments for every node
 */
export async function startRedisCluster(extra = []) {
	/** @type {{ port: number, child: import('node:child_process').ChildProcess, dir: string }[]} */
	const servers = [];
	const stop = async () => {
		await Promise.all(
			servers.map(
				({ child, dir }) =>
					new Promise((resolve) => {
						const done = () => {
							rmSync(dir, { recursive: true, force: true });
							resolve(undefined);
						};
						if (child.exitCode !== null) return done();
						child.once('exit', done);
						child.kill('SIGTERM');
					})
			)
		);
	};
	try {
		for (let i = 0; i < 3; i++) {
			const [port, bus] = [await freePort(), await freePort()];
			const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
			const args = ['--port', port, '--cluster-port', bus, '--bind', '127.0.0.1', '--dir', dir,
				'--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--save', '',
				'--appendonly', 'no', ...extra].map(String); // prettier-ignore
			const child = spawn('redis-server', args, { stdio: 'ignore' });
			servers.push({ port, child, dir });
			// If the process that started the cluster exits without stop(), the servers go with it.
			const orphaned = () => child.kill('SIGKILL');
			process.once('exit', orphaned);
			child.once('exit', () => process.off('exit', orphaned));
		}
		const ping = (/** @type {number} */ port) => run('redis-cli', ['-p', String(port), 'PING']);
		for (const { port } of servers) await until(() => ping(port), `redis-server on ${port}`);
		const nodes = servers.map(({ port }) => `127.0.0.1:${port}`);
		await run('redis-cli', [
			'--cluster',
			'create',
			...nodes,
			'--cluster-replicas',
			'0',
			'--cluster-yes'
		]);
		for (const { port } of servers) {
			await until(async () => {
				const { stdout } = await run('redis-cli', ['-p', String(port), 'CLUSTER', 'INFO']);
				return stdout.includes('cluster_state:ok');
			}, `the cluster to be ok on ${port}`);
		}
		return { nodes: nodes.join(','), ports: servers.map(({ port }) => port), stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
