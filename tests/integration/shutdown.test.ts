import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive } from './processes';

/**
 * SIGTERM on the built course, as `npm start` runs it (`npm test` builds before vitest runs;
 * BUILD_DIR picks another build): requests in flight finish and are answered, then every
 * connection closes (the live panel's stream, the console's connection, the subscriber, lab
 * servers, the shared client) and the process exits, its private redis-server with it.
 */
const BUILD = process.env.BUILD_DIR ?? 'build';
beforeAll(() => {
	if (!existsSync(`${BUILD}/index.js`)) throw new Error('Build the course first: npm run build');
});

/** How long after the last answer (or the signal, if nothing was in flight) the process may live. */
const EXIT_WITHIN_MS = 2000;

let port = 4900 + Math.floor(Math.random() * 300);
let child: ChildProcess | undefined;

// A test that failed half-way still stops its course gracefully, so no redis-server outlives it.
afterEach(async () => {
	const running = child;
	child = undefined;
	if (!running || running.exitCode !== null || running.signalCode !== null) return;
	const gone = new Promise((resolve) => running.once('exit', resolve));
	running.kill('SIGTERM');
	const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
	await gone;
	clearTimeout(timer);
}, 15_000);

interface Started {
	server: ChildProcess;
	base: string;
	exited: Promise<number>;
	output: { text: string };
}

async function start(): Promise<Started> {
	port += 1;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
	delete env.REDIS_URL; // its own embedded redis-server
	delete env.ORIGIN;
	const server = spawn(process.execPath, ['scripts/start.js'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child = server;
	const output = { text: '' };
	server.stdout!.on('data', (chunk) => (output.text += chunk));
	server.stderr!.on('data', (chunk) => (output.text += chunk));
	const exited = new Promise<number>((resolve) => server.once('exit', () => resolve(Date.now())));
	const base = `http://localhost:${port}`;
	for (let i = 0; ; i++) {
		try {
			const health = await fetch(`${base}/api/health`);
			if (health.ok) break;
		} catch {
			// not listening yet
		}
		if (i === 300) throw new Error(`the course did not start:\n${output.text}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { server, base, exited, output };
}

/** A new learner's cookies, as a browser has them after its first page. */
async function learner(base: string, slowDbMs = 50): Promise<string> {
	const response = await fetch(`${base}/`);
	await response.text();
	const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
	return [...cookies, `slow-db=${slowDbMs}`].join('; ');
}

/** The redis-servers the app runs now (its embedded one, lab servers): pid and directory. */
function redisChildren(pid: number): Map<number, string> {
	let listing: string;
	try {
		listing = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)]).toString();
	} catch {
		return new Map(); // no children at all
	}
	const found = new Map<number, string>();
	for (const [, child] of listing.matchAll(/(\d+) redis-server/g)) {
		try {
			found.set(Number(child), readlinkSync(`/proc/${child}/cwd`));
		} catch {
			// exited between ps and readlink
		}
	}
	return found;
}

/** The live panel's stream: everything it received, and when it ended. */
async function openLivePanel(base: string, cookie: string) {
	const response = await fetch(`${base}/api/pubsub`, { headers: { cookie } });
	expect(response.status).toBe(200);
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const stream = { text: '', endedAt: 0 };
	const ended = (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				stream.text += decoder.decode(value, { stream: true });
			}
		} catch {
			// the connection was cut rather than ended
		}
		stream.endedAt = Date.now();
	})();
	for (let i = 0; !stream.text.includes('"state":"listening"'); i++) {
		if (i === 100) throw new Error(`the live panel never listened: ${stream.text}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return { stream, ended };
}

async function consoleLine(base: string, cookie: string, line: string) {
	const response = await fetch(`${base}/api/console`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ line })
	});
	const body = (await response.json()) as { reply: string };
	return { status: response.status, body, at: Date.now() };
}

/** Posts a demo as the enhanced form does; resolves with its status, its result and when. */
async function postDemo(base: string, cookie: string, lesson: string, form: string) {
	const response = await fetch(`${base}${lesson}?/demo`, {
		method: 'POST',
		headers: {
			cookie,
			origin: base,
			accept: 'application/json',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: form
	});
	const text = await response.text();
	return { status: response.status, text, at: Date.now() };
}

describe('SIGTERM', () => {
	it('answers the demos in flight, then closes every connection and exits', async () => {
		const { server, base, exited, output } = await start();
		const reader = await learner(base, 200);
		const other = await learner(base);
		const panel = await openLivePanel(base, reader);
		expect((await consoleLine(base, reader, 'SET greeting hello')).body.reply).toBe('OK');
		// The embedded server, seen before anything else starts.
		const servers = redisChildren(server.pid!);
		expect([...servers.values()].some((dir) => dir.includes('redis-course-'))).toBe(true);

		// Ten cold reads at 200 ms each: about two seconds. A lab demo: its own redis-server.
		const slow = postDemo(
			base,
			reader,
			'/learn/basic-caching/cold-vs-warm',
			'demo=cold-vs-warm&reads=10'
		);
		const lab = postDemo(
			base,
			other,
			'/learn/operations/persistence',
			'demo=persistence&action=restart&mode=aof'
		);
		// A blocking console line in flight: BLPOP waits its full second, then answers nil.
		const blocking = consoleLine(base, other, 'BLPOP nothing-here 1');
		// Awaited below; if the test fails before, the cut requests are not reported twice.
		for (const request of [slow, lab, blocking]) request.catch(() => {});
		for (let i = 0; ; i++) {
			for (const [pid, dir] of redisChildren(server.pid!)) servers.set(pid, dir);
			if ([...servers.values()].some((dir) => dir.includes('redis-lab-'))) break;
			if (i === 250) throw new Error('the lab demo never started its server');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const signalled = Date.now();
		server.kill('SIGTERM');

		const answers = await Promise.all([slow, lab]);
		for (const answer of answers) {
			expect(answer.status, answer.text).toBe(200);
			expect(answer.text).toContain('"type":"success"');
		}
		const slowAnswer = answers[0];
		expect(slowAnswer.at - signalled).toBeGreaterThan(500); // it was really in flight
		const blocked = await blocking;
		expect(blocked).toMatchObject({ status: 200, body: { reply: '(nil)' } });

		const exitedAt = await exited;
		const lastAnswer = Math.max(...answers.map((answer) => answer.at), blocked.at);
		expect(exitedAt - lastAnswer, output.text).toBeLessThan(EXIT_WITHIN_MS);

		// The live panel was told, and its stream ended before the process did.
		await panel.ended;
		expect(panel.stream.text).toContain('event: end');
		expect(panel.stream.text).toContain('"reason":"shutdown"');
		expect(panel.stream.endedAt - signalled).toBeLessThan(EXIT_WITHIN_MS);

		// No redis-server is left behind, nor any of their directories.
		expect(servers.size).toBeGreaterThanOrEqual(2);
		for (const [pid, dir] of servers) {
			expect(alive(pid), `redis-server ${pid}`).toBe(false);
			expect(existsSync(dir), dir).toBe(false);
		}
		expect(output.text).not.toMatch(/Error|unhandled/i);
	}, 60_000);

	it('exits within 2 s when nothing is in flight, though a learner typed and a panel listens', async () => {
		const { server, base, exited, output } = await start();
		const cookie = await learner(base);
		const panel = await openLivePanel(base, cookie);
		expect((await consoleLine(base, cookie, 'SET greeting hello')).body.reply).toBe('OK');
		// A demo that subscribes and publishes: the subscriber connection is open too.
		const pubsub = await postDemo(
			base,
			cookie,
			'/learn/real-world/pub-sub',
			'demo=pubsub-publish&channel=orders&event-type=created'
		);
		expect(pubsub.status, pubsub.text).toBe(200);
		const servers = redisChildren(server.pid!);
		expect(servers.size).toBe(1);

		const signalled = Date.now();
		server.kill('SIGTERM');
		const exitedAt = await exited;
		expect(exitedAt - signalled, output.text).toBeLessThan(EXIT_WITHIN_MS);
		await panel.ended;
		expect(panel.stream.text).toContain('"reason":"shutdown"');
		for (const [pid, dir] of servers) {
			expect(alive(pid)).toBe(false);
			expect(existsSync(dir)).toBe(false);
		}
	}, 60_000);

	it('refuses nothing it had accepted, and a second signal does not cut it short', async () => {
		const { server, base, exited } = await start();
		const cookie = await learner(base, 200);
		const slow = postDemo(
			base,
			cookie,
			'/learn/basic-caching/cold-vs-warm',
			'demo=cold-vs-warm&reads=5'
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		server.kill('SIGTERM');
		await new Promise((resolve) => setTimeout(resolve, 100));
		server.kill('SIGTERM'); // an impatient supervisor
		const answer = await slow;
		expect(answer.status, answer.text).toBe(200);
		expect((await exited) - answer.at).toBeLessThan(EXIT_WITHIN_MS);
	}, 60_000);
});
