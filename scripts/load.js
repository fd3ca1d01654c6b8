// npm run load: starts the built course (scripts/start.js, BUILD_DIR respected, its own embedded
// Redis unless REDIS_URL is set) and runs LEARNERS virtual learners (default 200) for DURATION_S
// seconds (default 60; `--quick` is 10). Each learner has its own cookie jar and loops over a
// session: a lesson page, 1–3 demo clicks, a console line and the key inspector, with a think
// time between actions (THINK_MS, default 500-2000; 0 for none). It prints requests, errors by
// status and reason, latency percentiles by kind (demos that wait on purpose apart), requests/s,
// the app's CPU and its peak RSS, and the RSS at start and 30 s after the end. It exits non-zero
// when a target is missed: 0 errors, p99 under 500 ms for pages and ordinary demos, peak RSS
// under 512 MiB. `--profile` runs the app under `node --cpu-prof` and prints its hot paths.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'devalue';
import {
	ORDINARY,
	WAITING,
	WAITS,
	between,
	consoleLine,
	session,
	slowDbOfNewLearner
} from './load/catalogue.js';
import {
	Errors,
	Latencies,
	MiB,
	childrenOf,
	cpuSecondsOf,
	load,
	mib,
	rssOf,
	sampleRss
} from './load/measure.js';
import { printProfile } from './load/profile.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick') || process.env.LOAD_QUICK === '1';
/** Without --cold, each lesson page is opened once before the clock starts (first views timed). */
const COLD = args.has('--cold') || process.env.LOAD_COLD === '1';
const PROFILE = args.has('--profile') || process.env.LOAD_PROFILE === '1';
const LEARNERS = Number(process.env.LEARNERS ?? 200);
const DURATION_S = Number(process.env.DURATION_S ?? (QUICK ? 10 : 60));
const [THINK_MIN_MS, THINK_MAX_MS] = (process.env.THINK_MS ?? '500-2000').split('-').map(Number);
const THINK_MAX = THINK_MAX_MS ?? THINK_MIN_MS;
const AFTER_S = Number(process.env.AFTER_S ?? (QUICK ? 5 : 30));
const TIMEOUT_MS = 10_000;
const PORT = process.env.LOAD_PORT ?? process.env.PORT ?? '4413';
const BASE = `http://localhost:${PORT}`;
/** Idle sandboxes leave memory after this long (if the app reads it), so the after-run RSS shows it. */
const SANDBOX_IDLE_MS = process.env.SANDBOX_IDLE_MS ?? String((AFTER_S * 1000) / 2);

const TARGETS = { errors: 0, p99Ms: 500, peakRss: 512 * MiB };

// ---- the app ---------------------------------------------------------------------------------

const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'load-profile-')) : null;
const app = spawn(
	process.execPath,
	[...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), 'scripts/start.js'],
	{
		env: { ...process.env, PORT, ORIGIN: BASE, SANDBOX_IDLE_MS },
		stdio: ['ignore', 'ignore', 'pipe']
	}
);
/** What the app printed on stderr (its own errors), first lines only. */
const appErrors = [];
app.stderr.setEncoding('utf8');
app.stderr.on('data', (chunk) => {
	for (const line of chunk.split('\n'))
		if (line.trim() && appErrors.length < 40) appErrors.push(line);
});
let appExited = false;
app.once('exit', () => (appExited = true));

async function waitForApp() {
	for (let i = 0; i < 150; i++) {
		if (appExited) throw new Error(`the course exited at start:\n${appErrors.join('\n')}`);
		try {
			if ((await fetch(`${BASE}/api/health`)).ok) return;
		} catch {
			/* not up yet */
		}
		await sleep(200);
	}
	throw new Error('the course did not answer /api/health within 30 s');
}

/** SIGTERM, and how long the app took to exit; SIGKILL after `limitMs`. Its redis-server too. */
async function stopApp(limitMs) {
	const helpers = childrenOf(app.pid);
	const started = performance.now();
	const exited = appExited
		? Promise.resolve()
		: new Promise((resolve) => app.once('exit', resolve));
	app.kill('SIGTERM');
	const inTime = await Promise.race([exited.then(() => true), sleep(limitMs).then(() => false)]);
	if (!inTime) {
		app.kill('SIGKILL');
		await exited;
	}
	for (const pid of helpers) {
		try {
			process.kill(pid, 'SIGTERM'); // the embedded redis-server, if the app left it behind
		} catch {
			/* already gone */
		}
	}
	return { ms: performance.now() - started, inTime };
}

// ---- the learners ----------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const think = () => sleep(between(THINK_MIN_MS, THINK_MAX));
const latencies = new Latencies();
const errors = new Errors();
let requests = 0;
let deadline = Infinity;

/** One learner's cookies, as a browser keeps them: the server's Set-Cookie replaces a value. */
class Jar {
	cookies = new Map();
	header = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	keep(response) {
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const at = pair.indexOf('=');
			this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
		}
	}
}

const short = (text) => String(text).replace(/\s+/g, ' ').slice(0, 120);

/**
 * One request: its latency under `kinds` (every label given), and an error under `kind` when
 * `check` names a problem with the answer, or the request fails.
 */
async function request(jar, kinds, path, init, check) {
	requests++;
	const started = performance.now();
	try {
		const response = await fetch(`${BASE}${path}`, {
			...init,
			headers: { ...init.headers, cookie: jar.header() },
			redirect: 'manual',
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
		jar.keep(response);
		const text = await response.text();
		const ms = performance.now() - started;
		for (const kind of kinds) latencies.add(kind, ms);
		const problem = check(response, text);
		if (problem) errors.add(`${kinds[0]}: ${problem}`);
	} catch (error) {
		const reason =
			error.name === 'TimeoutError'
				? `no answer within ${TIMEOUT_MS / 1000} s`
				: (error.cause?.code ?? short(error.message));
		errors.add(`${kinds[0]}: ${reason}`);
	}
}

const okPage = (response) => (response.status === 200 ? null : `HTTP ${response.status}`);

function okDemo(response, text) {
	if (response.status !== 200) return `HTTP ${response.status} ${short(text)}`;
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		return `not JSON: ${short(text)}`;
	}
	if (body.type === 'success') return null;
	let message;
	try {
		message = parse(body.data)?.error ?? '';
	} catch {
		message = body.error?.message ?? '';
	}
	return `${body.type} ${body.status ?? ''} ${short(message)}`;
}

function okJson(field) {
	return (response, text) => {
		if (response.status !== 200) return `HTTP ${response.status} ${short(text)}`;
		try {
			return field in JSON.parse(text) ? null : `no "${field}": ${short(text)}`;
		} catch {
			return `not JSON: ${short(text)}`;
		}
	};
}

/** What a learner's browser sends: a lesson page, a demo click, a console line, the inspector. */
const send = {
	page: (jar, path) => request(jar, ['page'], path, {}, okPage),
	demo: (jar, path, fields, kinds) =>
		request(
			jar,
			kinds,
			`${path}?/demo`,
			{
				method: 'POST',
				headers: {
					origin: BASE,
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams(fields).toString()
			},
			okDemo
		),
	console: (jar, line) =>
		request(
			jar,
			['console'],
			'/api/console',
			{
				method: 'POST',
				headers: { origin: BASE, 'content-type': 'application/json' },
				body: JSON.stringify({ line })
			},
			okJson('reply')
		),
	inspector: (jar) => request(jar, ['inspector'], '/api/keys', {}, okJson('keys'))
};

async function learner(rampMs) {
	const jar = new Jar();
	const slowDb = slowDbOfNewLearner();
	jar.cookies.set('slow-db', slowDb); // as the header's setting would leave it
	await sleep(Math.random() * rampMs);
	const going = () => performance.now() < deadline;
	while (going()) {
		const { path, clicks } = session();
		// The first page a learner opens issues their learner cookie.
		await send.page(jar, path);
		for (const { id, fields } of clicks) {
			await think();
			if (!going()) return;
			const kind = WAITS.has(id) || slowDb === '200' ? 'waits' : 'demo';
			const label = `${kind} ${id}${slowDb === '200' ? ' (200 ms db)' : ''}`;
			await send.demo(jar, path, fields, [kind, label]);
		}
		await think();
		if (!going()) return;
		await send.console(jar, consoleLine());
		await think();
		if (!going()) return;
		await send.inspector(jar);
		await think();
	}
}

/**
 * The app's CPU time per request of each kind, one request at a time by one learner (slow
 * database 0 ms): a figure that depends much less on what else the machine runs than latency.
 */
async function cpuCosts() {
	const jar = new Jar();
	jar.cookies.set('slow-db', '0');
	const cost = async (runs, step) => {
		const before = cpuSecondsOf(app.pid);
		for (let i = 0; i < runs; i++) await step(i);
		return ((cpuSecondsOf(app.pid) - before) * 1000) / runs;
	};
	const lessons = Object.keys(ORDINARY);
	const clicks = lessons.flatMap((path) =>
		Object.entries(ORDINARY[path]).map(([id, fields]) => ({ path, id, fields }))
	);
	const costs = {
		page: await cost(lessons.length * 3, (i) => send.page(jar, lessons[i % lessons.length])),
		'ordinary demo': await cost(clicks.length * 3, (i) => {
			const { path, id, fields } = clicks[i % clicks.length];
			return send.demo(jar, path, { demo: id, ...fields() }, ['cost']);
		}),
		console: await cost(40, () => send.console(jar, consoleLine())),
		inspector: await cost(40, () => send.inspector(jar))
	};
	console.log(
		'app CPU per request, one at a time: ' +
			Object.entries(costs)
				.map(([kind, ms]) => `${kind} ${ms.toFixed(1)} ms`)
				.join(', ')
	);
	if (errors.total)
		console.log(`  (with ${errors.total} errors: ${[...errors.counts.keys()].join('; ')})`);
	latencies.samples.clear();
	errors.counts.clear();
	errors.total = 0;
	requests = 0;
}

/** Opens every lesson page of the run once, in turn: the time of each first view. */
async function warmUp() {
	const times = [];
	for (const path of [...Object.keys(ORDINARY), ...Object.keys(WAITING)]) {
		const started = performance.now();
		const response = await fetch(`${BASE}${path}`, { signal: AbortSignal.timeout(60_000) });
		await response.text();
		if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
		times.push([path, performance.now() - started]);
	}
	times.sort((a, b) => b[1] - a[1]);
	const total = times.reduce((sum, [, ms]) => sum + ms, 0);
	console.log(
		`first view of ${times.length} lesson pages, one at a time: ${fmt(total)} in all, slowest ` +
			times
				.slice(0, 3)
				.map(([path, ms]) => `${path} ${fmt(ms)}`)
				.join(', ')
	);
}

// ---- the run ---------------------------------------------------------------------------------

const fmt = (ms) => `${ms.toFixed(0)} ms`;

function report(label, kind) {
	const s = latencies.summary(kind);
	if (!s) return console.log(`  ${label.padEnd(34)} (none)`);
	console.log(
		`  ${label.padEnd(34)} n=${String(s.n).padEnd(6)} p50 ${fmt(s.p50).padStart(7)}  ` +
			`p95 ${fmt(s.p95).padStart(7)}  p99 ${fmt(s.p99).padStart(7)}  max ${fmt(s.max).padStart(7)}`
	);
	return s;
}

let exitCode = 0;
try {
	await waitForApp();
	if (!COLD) {
		await warmUp();
		await cpuCosts();
	}
	await sleep(500);
	const rssStart = rssOf(app.pid);
	const redisPids = childrenOf(app.pid);
	const thinking =
		THINK_MAX > 0 ? `think time ${THINK_MIN_MS}-${THINK_MAX} ms between actions` : 'no think time';
	console.log(
		`${LEARNERS} learners for ${DURATION_S} s against ${BASE} (${thinking}), ${new Date().toISOString()}`
	);
	console.log(`load average at start: ${load()}; app RSS at start ${mib(rssStart)}`);

	const rss = sampleRss(app.pid, 250);
	const cpuStart = cpuSecondsOf(app.pid);
	const ownCpuStart = process.cpuUsage();
	const started = performance.now();
	deadline = started + DURATION_S * 1000;
	// Learners arrive over the first two seconds (or one think time), not in one instant.
	const rampMs = Math.min(2000, DURATION_S * 100);
	await Promise.all(Array.from({ length: LEARNERS }, () => learner(rampMs)));
	const seconds = (performance.now() - started) / 1000;
	const cpu = cpuSecondsOf(app.pid) - cpuStart;
	const ownCpu = process.cpuUsage(ownCpuStart);
	const ownCpuSeconds = (ownCpu.user + ownCpu.system) / 1e6;
	const loadAtEnd = load();
	const peak = rss.peak;
	const rssEnd = rss.last;

	console.log(
		`\n${requests} requests in ${seconds.toFixed(1)} s: ${(requests / seconds).toFixed(0)} requests/s`
	);
	console.log(
		`app CPU ${((100 * cpu) / seconds).toFixed(0)} % of one core, ` +
			`${((1000 * cpu) / requests).toFixed(1)} ms per request; this load generator ` +
			`${((100 * ownCpuSeconds) / seconds).toFixed(0)} %; load average at end: ${loadAtEnd}`
	);
	console.log(`\nerrors: ${errors.total}`);
	for (const [what, n] of [...errors.counts].sort((a, b) => b[1] - a[1]))
		console.log(`  ${String(n).padStart(6)}  ${what}`);

	console.log('\nlatency:');
	const page = report('pages', 'page');
	const demo = report('ordinary demos', 'demo');
	report('console', 'console');
	report('key inspector', 'inspector');
	report('demos that wait on purpose', 'waits');

	console.log('\nby demo (slowest p99 first):');
	const byDemo = [...latencies.samples.keys()]
		.filter((k) => k.includes(' '))
		.map((k) => [k, latencies.summary(k)])
		.sort((a, b) => b[1].p99 - a[1].p99);
	for (const [k] of byDemo) report(k, k);

	console.log(`\nmemory (app process):`);
	console.log(`  RSS at start ${mib(rssStart)}, peak ${mib(peak)}, at the end ${mib(rssEnd)}`);
	for (const pid of redisPids) {
		const r = rssOf(pid);
		if (r != null) console.log(`  embedded redis-server (pid ${pid}) RSS ${mib(r)}`);
	}
	console.log(
		`  idle ${AFTER_S} s (sandboxes idle for ${SANDBOX_IDLE_MS} ms may go, if the app reads SANDBOX_IDLE_MS)...`
	);
	await sleep(AFTER_S * 1000);
	rss.stop();
	const rssAfter = rssOf(app.pid);
	console.log(
		`  RSS ${AFTER_S} s after the end ${mib(rssAfter)} (${mib(rssAfter - rssStart)} above the start)`
	);

	const stopped = await stopApp(PROFILE ? 90_000 : 10_000);
	console.log(
		`\nSIGTERM to exit: ${(stopped.ms / 1000).toFixed(1)} s${stopped.inTime ? '' : ' (killed: it did not exit)'}`
	);

	const missed = [];
	if (errors.total > TARGETS.errors) missed.push(`${errors.total} errors (target 0)`);
	if (!page || page.p99 >= TARGETS.p99Ms)
		missed.push(`page p99 ${page ? fmt(page.p99) : 'none'} (target under 500 ms)`);
	if (!demo || demo.p99 >= TARGETS.p99Ms)
		missed.push(`ordinary demo p99 ${demo ? fmt(demo.p99) : 'none'} (target under 500 ms)`);
	if (peak >= TARGETS.peakRss) missed.push(`peak RSS ${mib(peak)} (target under 512 MiB)`);
	console.log(missed.length ? `\nTARGETS MISSED:\n  ${missed.join('\n  ')}` : '\nall targets met');
	if (missed.length) exitCode = 1;
	if (appErrors.length) {
		console.log(`\nthe app's stderr (first ${appErrors.length} lines):`);
		for (const line of appErrors) console.log(`  ${line}`);
	}
	if (profileDir) {
		for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')))
			printProfile(join(profileDir, file));
	}
} catch (error) {
	console.error(error);
	exitCode = 2;
} finally {
	if (!appExited) await stopApp(2_000);
}
process.exit(exitCode);
