import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { rolldown } from 'rolldown';
import { describe, expect, inject, it, vi } from 'vitest';
import type { ClusterLab, Lab } from '$lib/server/pattern-support';
import { defineDemo } from '$lib/server/demos/define';
import { runInSandbox } from '$lib/server/demos/run';
import { LabBusyError, MAX_LAB_SERVERS, labServersRunning } from '$lib/server/redis/labs';
import { request, useSandboxes } from './fixtures';
import { alive } from './processes';

const { plain, newSandbox } = useSandboxes();

/** What a lab's server is: its pid and directory, read from the server itself. */
async function whereIs(lab: Lab) {
	const info = String(await lab.redis.info('server'));
	const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
	const [, dir] = (await lab.redis.config('GET', 'dir')) as [string, string];
	return { pid, dir };
}

/** The sentence of a failed demo run. */
const errorOf = (answer: unknown) => (answer as ActionFailure<{ error: string }>).data.error;

const sharedConfig = async () => (await plain.config('GET', '*')) as string[];

describe('a lab server', () => {
	it('is a private redis-server whose configuration the pattern may change, traced, and stopped after', async () => {
		const before = await sharedConfig();
		const run = await request(newSandbox());
		const lab = await run.ctx.lab({ maxmemory: '2mb' });
		expect(lab.port).not.toBe(Number(new URL(inject('redisUrl')).port));
		expect(await lab.redis.config('GET', 'maxmemory')).toEqual([
			'maxmemory',
			String(2 * 1024 * 1024)
		]);
		expect(await lab.redis.config('SET', 'maxmemory-policy', 'allkeys-lru')).toBe('OK');
		await lab.redis.set('k', 'v');
		expect(await lab.redis.get('k')).toBe('v'); // no namespace: the server is the learner's alone
		expect(run.trace.map(({ cmd, args, reply }) => `${cmd} ${args.join(' ')} → ${reply}`)).toEqual([
			'CONFIG GET maxmemory → 1) "maxmemory"\n2) "2097152"',
			'CONFIG SET maxmemory-policy allkeys-lru → OK',
			'SET k v → OK',
			'GET k → "v"'
		]);
		const { pid, dir } = await whereIs(lab);
		expect(alive(pid)).toBe(true);
		expect(existsSync(dir)).toBe(true);

		await run.close();
		expect(alive(pid)).toBe(false);
		expect(existsSync(dir)).toBe(false);
		expect(labServersRunning()).toBe(0);
		expect(await sharedConfig()).toEqual(before);
	});

	it('runs at a low CPU priority in a bounded address space, and its pid is the server’s own', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		const { pid } = await whereIs(lab);
		expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toMatch(/^redis-server/);
		// Field 19 of /proc/<pid>/stat (after the command's parenthesis) is the niceness.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const niceness = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
		expect(niceness).toBeGreaterThanOrEqual(10);
		const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
		expect(limits).toMatch(new RegExp(`^Max address space\\s+${512 * 1024 * 1024}\\s`, 'm'));
		// A script that would take more memory than that fails, and the lab still answers.
		await expect(
			lab.redis.eval('local t = {} for i = 1, 1e9 do t[i] = i end return #t', 0)
		).rejects.toThrow();
		expect(await lab.redis.ping()).toBe('PONG');
		await run.close();
	});

	it('restarts with what it persisted: AOF survives a crash, nothing survives without persistence', async () => {
		const run = await request(newSandbox());
		const durable = await run.ctx.lab({ config: { appendonly: 'yes', appendfsync: 'always' } });
		const volatile = await run.ctx.lab();
		for (const lab of [durable, volatile]) await lab.redis.set('order:1', 'paid');
		await durable.restart({ crash: true });
		await volatile.restart({ crash: true });
		expect(await durable.redis.get('order:1')).toBe('paid');
		expect(await volatile.redis.get('order:1')).toBeNull();
	});

	it('is bounded: beyond MAX_LAB_SERVERS a demo is told at once to come back, never kept waiting', async () => {
		const sandbox = newSandbox();
		const run = await request(sandbox);
		for (let i = 0; i < MAX_LAB_SERVERS; i++) await run.ctx.lab();
		expect(labServersRunning()).toBe(MAX_LAB_SERVERS);
		const started = performance.now();
		await expect(run.ctx.lab()).rejects.toBeInstanceOf(LabBusyError);
		await expect(run.ctx.clusterLab()).rejects.toBeInstanceOf(LabBusyError);
		expect(performance.now() - started).toBeLessThan(200);

		// Through the demo runner: 429, a sentence, and Retry-After.
		const headers: Record<string, string> = {};
		const answer = await runInSandbox(
			newSandbox(), // another learner: this one's own labs are what fill the bound
			'lesson',
			LAB_DEMO,
			{ throws: 'no' },
			{
				slowDbMs: 0,
				setHeaders: (set) => Object.assign(headers, set)
			}
		);
		expect(isActionFailure(answer) && answer.status).toBe(429);
		expect(isActionFailure(answer) && errorOf(answer)).toMatch(
			/All lab servers are busy.*try again/
		);
		expect(Number(headers['retry-after'])).toBeGreaterThan(0);

		await run.close();
		expect(labServersRunning()).toBe(0);
	});
});

/** A demo that starts a lab and may throw after: what the runner leaves behind is the test. */
let lastLab: { pid: number; dir: string } | undefined;
const LAB_DEMO = defineDemo({
	id: 'lab-test',
	title: 'lab test',
	button: 'Run',
	pattern: 'cache-aside',
	runs: 'readThrough',
	inputs: {},
	async run(ctx, input: { throws?: string }) {
		const lab = await ctx.lab();
		lastLab = await whereIs(lab);
		if (input.throws === 'yes') throw new Error('the pattern failed');
		return { outcome: 'ok' as never, result: lastLab, summary: 'lab ran' };
	}
});

describe('without a redis-server program', () => {
	it('a lab demo explains why it cannot run, at once', async () => {
		vi.stubEnv('PATH', '/nonexistent');
		try {
			const started = performance.now();
			const answer = await runInSandbox(newSandbox(), 'lesson', LAB_DEMO, {}, { slowDbMs: 0 });
			expect(isActionFailure(answer) && answer.status).toBe(503);
			expect(isActionFailure(answer) && errorOf(answer)).toMatch(
				/no redis-server program on its PATH/
			);
			expect(performance.now() - started).toBeLessThan(1000);
			expect(labServersRunning()).toBe(0);
		} finally {
			vi.unstubAllEnvs();
		}
	});
});

describe('the demo runner with a lab', () => {
	it.each(['no', 'yes'])(
		'leaves no process and no directory after a demo (throws: %s)',
		async (throws) => {
			lastLab = undefined;
			const answer = await runInSandbox(
				newSandbox(),
				'lesson',
				LAB_DEMO,
				{ throws },
				{ slowDbMs: 0 }
			);
			expect(isActionFailure(answer)).toBe(throws === 'yes');
			expect(lastLab).toBeDefined();
			expect(alive(lastLab!.pid)).toBe(false);
			expect(existsSync(lastLab!.dir)).toBe(false);
			expect(labServersRunning()).toBe(0);
		}
	);
});

describe('a cluster lab', () => {
	it('is three servers in one cluster: the client follows MOVED, a plain node shows it', async () => {
		const before = await sharedConfig();
		const run = await request(newSandbox());
		const lab: ClusterLab = await run.ctx.clusterLab();
		expect(labServersRunning()).toBe(3);
		expect(lab.ports).toHaveLength(3);
		for (let i = 0; i < 20; i++) await lab.redis.set(`user:${i}`, String(i));
		expect(await lab.redis.get('user:7')).toBe('7');
		const moved: string[] = [];
		for (const node of lab.nodes) {
			try {
				await node.get('user:7');
			} catch (error) {
				moved.push((error as Error).message);
			}
		}
		expect(moved).toHaveLength(2);
		for (const message of moved) expect(message).toMatch(/^MOVED \d+ 127\.0\.0\.1:\d+$/);
		await expect(lab.nodes[0]!.mset('a', '1', 'b', '2')).rejects.toThrow(/CROSSSLOT|MOVED/);
		await run.close();
		expect(labServersRunning()).toBe(0);
		expect(await sharedConfig()).toEqual(before);
	});
});

describe('at app exit', () => {
	it('stops every lab server and removes its directory, whether the app exits or shuts down', async () => {
		// Inside the project, so that the bundle's imports (ioredis) resolve from node_modules.
		const work = mkdtempSync(join(resolve('node_modules'), '.lab-exit-'));
		try {
			// The labs module as the built app has it, bundled for a plain node process.
			const bundle = await rolldown({
				input: resolve('src/lib/server/redis/labs.ts'),
				platform: 'node',
				external: [/^[^./]/]
			});
			await bundle.write({ file: join(work, 'labs.mjs'), format: 'esm' });
			await bundle.close();
			writeFileSync(
				join(work, 'main.mjs'),
				`import { startLab } from './labs.mjs';
				const { lab } = await startLab({}, { trace: [], touched: new Set() });
				const info = await lab.redis.info('server');
				const [, dir] = await lab.redis.config('GET', 'dir');
				console.log(JSON.stringify({ pid: Number(/process_id:(\\d+)/.exec(info)[1]), dir }));
				if (process.argv[2] === 'shutdown') process.emit('sveltekit:shutdown', 'SIGTERM');
				else process.exit(0);`
			);
			for (const how of ['exit', 'shutdown']) {
				const child = spawn(process.execPath, [join(work, 'main.mjs'), how], {
					cwd: process.cwd(),
					stdio: ['ignore', 'pipe', 'inherit']
				});
				let output = '';
				child.stdout.on('data', (chunk) => (output += chunk));
				const code = await new Promise((done) => child.once('exit', done));
				expect(code, how).toBe(0);
				const { pid, dir } = JSON.parse(output) as { pid: number; dir: string };
				await expect.poll(() => alive(pid), { timeout: 3000 }).toBe(false);
				expect(existsSync(dir), how).toBe(false);
			}
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	});
});
