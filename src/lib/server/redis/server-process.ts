import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, portTaken } from './free-port.js';

export { freePort };

/**
 * A redis-server the course starts itself (the embedded server, the lab servers): a free
 * loopback port, a temporary directory, the given settings. It never outlives the app: stop()
 * waits for the process to exit and removes the directory, and a last-resort handler does the
 * same if the app exits without calling it.
 */
export interface ServerProcess {
	url: string;
	port: number;
	dir: string;
	pid: number;
	/** Stops the process and removes its directory. */
	stop(): Promise<void>;
	/** Kills the process (SIGKILL, as a crash would) and starts it again with the same port and directory. */
	restart(options?: { crash?: boolean }): Promise<void>;
	/** Stops the process (SIGTERM, or SIGKILL with `crash`) and keeps its port and directory for start(). */
	shutdown(options?: { crash?: boolean }): Promise<void>;
	/** Starts a process stopped by shutdown() again, with the same port and directory; no-op if it runs. */
	start(): Promise<void>;
}

/** True when `redis-server` can be run from PATH. */
export function hasRedisServer(): boolean {
	const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
	return probe.status === 0;
}

/** How a server is run besides its settings: bounds set on its process before it starts. */
export interface ProcessBounds {
	/** Its whole address space, in bytes (`prlimit --as`): Lua's memory is not bounded by maxmemory. */
	addressSpaceBytes?: number;
	/** Its CPU priority (`nice -n`, 1-19): a busy server yields to the app and the shared Redis. */
	niceness?: number;
}

const found = new Map<string, boolean>();
/** Whether a program is on PATH (looked up in the file system once per PATH, not by running it). */
function onPath(program: string): boolean {
	const path = process.env.PATH ?? '';
	let known = found.get(`${path}\0${program}`);
	if (known === undefined) {
		known = path.split(delimiter).some((dir) => {
			try {
				accessSync(join(dir || '.', program), constants.X_OK);
				return true;
			} catch {
				return false;
			}
		});
		found.set(`${path}\0${program}`, known);
	}
	return known;
}

/**
 * The command line that starts redis-server under its bounds: `prlimit --as=N nice -n N
 * redis-server ...`. prlimit and nice exec the next program, so the child's pid is the server's.
 * Where prlimit (util-linux) is missing, the server runs without an address-space bound (a lab's
 * script is still stopped by the command channel's time limit, and its maxmemory still bounds
 * the keyspace); where nice is missing, it runs at the app's priority.
 */
export function commandLine(args: string[], bounds: ProcessBounds = {}): [string, string[]] {
	const line = ['redis-server', ...args];
	// Without redis-server, it is spawned alone, so that its absence is an ENOENT the labs explain.
	if (!onPath('redis-server')) return ['redis-server', args];
	if (bounds.niceness && onPath('nice')) line.unshift('nice', '-n', String(bounds.niceness));
	if (bounds.addressSpaceBytes && onPath('prlimit'))
		line.unshift('prlimit', `--as=${bounds.addressSpaceBytes}`);
	return [line[0]!, line.slice(1)];
}

export async function startRedisServer(
	settings: readonly (readonly [string, string])[],
	prefix = 'redis-course-',
	bounds: ProcessBounds = {}
): Promise<ServerProcess> {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	let port = await freePort();
	const argsOf = (port: number) => {
		const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
		for (const [name, value] of settings) args.push(`--${name}`, value);
		return commandLine(args, bounds);
	};
	let [program, programArgs] = argsOf(port);

	let child: ChildProcess;
	let exit: Promise<void>;
	let exited = false;
	const launch = async () => {
		exited = false;
		child = spawn(program, programArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
		const failed = new Promise<never>((_, reject) => child.once('error', reject));
		exit = new Promise<void>((resolve) => {
			child.once('exit', () => {
				exited = true;
				resolve();
			});
			// No process at all (ENOENT): nothing will exit.
			failed.catch(() => {
				exited = true;
				resolve();
			});
		});
		await Promise.race([waitUntilReady(child, exit), failed]);
	};
	const halt = async (signal: NodeJS.Signals) => {
		if (exited) return;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
		await exit;
		clearTimeout(timer);
	};
	// Last resort if the process exits without stop(): no orphaned server, no stale directory.
	const onExit = () => {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', onExit);
	try {
		// Someone may start listening on the port between freePort() and the server's bind.
		for (let tries = 1; ; tries++) {
			try {
				await launch();
				break;
			} catch (error) {
				if (!(error instanceof PortTakenError) || tries === 3) throw error;
				port = await freePort();
				[program, programArgs] = argsOf(port);
			}
		}
	} catch (error) {
		process.off('exit', onExit);
		await halt('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		get pid() {
			return child.pid ?? -1;
		},
		stop: async () => {
			await halt('SIGTERM');
			rmSync(dir, { recursive: true, force: true });
			// Only now: a process that exits while the server is still stopping cleans up too.
			process.off('exit', onExit);
		},
		restart: async ({ crash = false } = {}) => {
			await halt(crash ? 'SIGKILL' : 'SIGTERM');
			await launch();
		},
		shutdown: ({ crash = false } = {}) => halt(crash ? 'SIGKILL' : 'SIGTERM'),
		start: async () => {
			if (exited) await launch();
		}
	};
}

class PortTakenError extends Error {
	constructor(output: string) {
		super(`redis-server could not listen on its port:\n${output}`);
	}
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
			reject(
				portTaken(output)
					? new PortTakenError(output)
					: new Error(`redis-server exited:\n${output}`)
			);
		});
	});
}
