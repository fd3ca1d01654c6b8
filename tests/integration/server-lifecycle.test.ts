import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive } from './processes';

// These start the built course as `npm start` does (`npm test` builds before it runs vitest).
beforeAll(() => {
	if (!existsSync(`${process.env.BUILD_DIR ?? 'build'}/index.js`))
		throw new Error('Build the course first: npm run build');
});
let port = 4600 + Math.floor(Math.random() * 300);
let child: ChildProcess | undefined;

afterEach(() => {
	child?.kill('SIGKILL');
	child = undefined;
});

function start(env: NodeJS.ProcessEnv) {
	port += 1;
	const output = { text: '' };
	child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...env, PORT: String(port), ORIGIN: `http://localhost:${port}` },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk) => (output.text += chunk));
	child.stderr!.on('data', (chunk) => (output.text += chunk));
	return { child, output, base: `http://localhost:${port}` };
}

async function waitFor(url: string): Promise<Response> {
	for (let i = 0; i < 100; i++) {
		try {
			return await fetch(url);
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	throw new Error(`${url} did not answer`);
}

const exited = (proc: ChildProcess) => new Promise((resolve) => proc.once('exit', resolve));

describe('npm start', () => {
	it.each(['SIGTERM', 'SIGINT'] as const)(
		'starts its own redis-server without REDIS_URL, and removes it on %s',
		async (signal) => {
			const env = { ...process.env };
			delete env.REDIS_URL;
			const { child: server, base } = start(env);
			const health = await (await waitFor(`${base}/api/health`)).json();
			expect(health).toMatchObject({ connected: true, source: 'embedded' });
			// The redis-server is the app's own child, working in a temporary directory of its own.
			const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(server.pid)]);
			const redisPid = Number(/(\d+) redis-server/.exec(children.toString())?.[1]);
			const dir = readlinkSync(`/proc/${redisPid}/cwd`);
			expect(dir).toContain('redis-course-');

			server.kill(signal);
			await exited(server);
			expect(existsSync(dir)).toBe(false);
			// No such process any more (killed at the exit deadline, it may take a moment to die).
			await expect.poll(() => alive(redisPid), { timeout: 2000 }).toBe(false);
		}
	);

	it('says how to get Redis, in the terminal and in the page, when there is none', async () => {
		const bin = mkdtempSync(join(tmpdir(), 'node-only-'));
		symlinkSync(process.execPath, join(bin, 'node'));
		const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
		delete env.REDIS_URL;
		try {
			const { base, output } = start(env);
			const health = await waitFor(`${base}/api/health`);
			expect(health.status).toBe(503);
			const page = await (await fetch(`${base}/learn/basic-caching/cache-aside`)).text();
			for (const text of [output.text, page]) {
				expect(text).toContain('apt-get install -y redis-server');
				expect(text).toContain('brew install redis');
				expect(text).toContain('docker compose up -d');
			}
		} finally {
			rmSync(bin, { recursive: true, force: true });
		}
	});
});
