// npm run bench: starts a private redis-server and the built course on it, then prints the cost
// of the cache-aside-read demo (HIT and MISS latency, HIT throughput at 50 connections) beside a
// do-nothing SvelteKit action, on one server and on a three-primary Redis Cluster; a HIT click
// and a key-inspector load with 0 and with 500,000 keys of other learners in Redis (their ratio: one learner's cost must not grow with the others');
// the time of a 200-request stampede run per strategy at the default slow database; and the gzip
// size of the JavaScript a lesson page loads. Figures, not pass/fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parse } from 'devalue';
import { Redis } from 'ioredis';
import { printPageJavaScript } from './bench/page-js.js';
import { startRedisCluster } from './redis-cluster.js';

const PORT = process.env.BENCH_PORT ?? '4390';
const BASE = `http://localhost:${PORT}`;
const LESSON = '/learn/basic-caching/cache-aside';
const FOREIGN_KEYS = 500_000;

// DEBUG POPULATE fills the server with other learners' keys in a second: a private server.
const REDIS_PORT = String(Number(PORT) + 1);
const redisDir = mkdtempSync(join(tmpdir(), 'redis-bench-'));
const redisServer = spawn(
	'redis-server',
	['--port', REDIS_PORT, '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no',
		'--enable-debug-command', 'yes'],
	{ stdio: 'ignore' }
); // prettier-ignore
const redis = new Redis({ port: Number(REDIS_PORT), retryStrategy: (n) => (n > 50 ? null : 100) });

const server = spawn('node', ['scripts/start.js'], {
	env: {
		...process.env,
		PORT,
		ORIGIN: BASE,
		BENCH: '1',
		REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`
	},
	stdio: ['ignore', 'ignore', 'inherit']
});
const stopServer = async () => {
	await new Promise((resolve) => {
		server.once('exit', resolve);
		server.kill('SIGTERM');
	});
	redis.disconnect();
	await new Promise((resolve) => {
		redisServer.once('exit', resolve);
		redisServer.kill('SIGTERM');
	});
	rmSync(redisDir, { recursive: true, force: true });
};

async function waitForServer(base = BASE) {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('the course did not start');
}

/** A new learner: the cookie the server issues on a first visit, plus settings. */
async function learner(slowDbMs, base = BASE) {
	const response = await fetch(`${base}/`);
	const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]);
	return [...cookie, `slow-db=${slowDbMs}`].join('; ');
}

const headers = (cookie, base = BASE) => ({
	cookie,
	origin: base,
	accept: 'application/json',
	'content-type': 'application/x-www-form-urlencoded'
});

async function post(path, body, cookie) {
	const started = performance.now();
	const response = await fetch(`${BASE}${path}`, {
		method: 'POST',
		headers: headers(cookie),
		body
	});
	const text = await response.text();
	if (!response.ok || !text.includes('"type":"success"')) throw new Error(`${path}: ${text}`);
	return { ms: performance.now() - started, text };
}

const READ = 'demo=cache-aside-read&table=inventory';
const INVALIDATE = 'demo=cache-invalidate&table=inventory';

function stats(samples) {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return `median ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms (n=${sorted.length})`;
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

async function latency(label, runs, step) {
	const samples = [];
	for (let i = 0; i < runs; i++) samples.push(await step());
	console.log(`${label.padEnd(42)} ${stats(samples)}`);
	return median(samples);
}

/** The key inspector, as the page loads it after every click. */
async function inspect(cookie) {
	const started = performance.now();
	const response = await fetch(`${BASE}/api/keys`, { headers: { cookie } });
	const body = await response.json();
	if (!response.ok || !body.keys.length) throw new Error(`/api/keys: ${JSON.stringify(body)}`);
	return performance.now() - started;
}

/** A HIT click and an inspector load for a learner with a few keys: median ms of each. */
async function ownCost(cookie, label) {
	const hit = await latency(`HIT click, ${label}`, 300, async () => {
		const { ms, text } = await post(`${LESSON}?/demo`, READ, cookie);
		if (!text.includes('\\"hit\\"')) throw new Error('expected a HIT');
		return ms;
	});
	const inspector = await latency(`key inspector, ${label}`, 300, () => inspect(cookie));
	return { hit, inspector };
}

async function perLearnerCost() {
	const cookie = await learner(0);
	await post(`${LESSON}?/demo`, READ, cookie);
	for (const line of ['SET note hello EX 600', 'RPUSH jobs a b c', 'HSET user:1 name Ada']) {
		await fetch(`${BASE}/api/console`, {
			method: 'POST',
			headers: { cookie, origin: BASE, 'content-type': 'application/json' },
			body: JSON.stringify({ line })
		});
	}
	const alone = await ownCost(cookie, '0 foreign keys');
	await redis.call('DEBUG', 'POPULATE', FOREIGN_KEYS, 'sbx:{other-learners}:k');
	const keys = await redis.dbsize();
	const crowded = await ownCost(cookie, `${keys.toLocaleString('en')} keys in Redis`);
	for (const what of ['hit', 'inspector']) {
		const ratio = crowded[what] / alone[what];
		console.log(
			`${`ratio ${what}, ${FOREIGN_KEYS.toLocaleString('en')} foreign / 0`.padEnd(42)} ` +
				`${ratio.toFixed(2)} (target at most 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'})`
		);
	}
	await redis.flushall();
}

const STAMPEDE_LESSON = '/learn/stampede/cache-stampede';
const STRATEGIES = [
	'none',
	'single-flight',
	'mutex',
	'early-refresh',
	'stale-while-revalidate',
	'xfetch-locked'
];

/** One 200-request burst per strategy at the default slow database (50 ms): seconds per click. */
async function stampedeRuns() {
	const cookie = await learner(50);
	for (const strategy of STRATEGIES) {
		const body = `demo=stampede&strategy=${strategy}&requests=200&instances=1&database=up&beta=1`;
		const { ms, text } = await post(`${STAMPEDE_LESSON}?/demo`, body, cookie);
		const { result } = parse(JSON.parse(text).data);
		console.log(
			`${`stampede, 200 requests, ${strategy}`.padEnd(42)} ${(ms / 1000).toFixed(2)} s ` +
				`(${result.dbQueries} db ${result.dbQueries === 1 ? 'query' : 'queries'}, p99 ${result.latency.p99} ms; goal under 2 s: ${ms < 2000 ? 'met' : 'NOT met'})`
		);
	}
}

const CONNECTIONS = 50;
/** Rounds of each kind, taken in turn, so that a machine whose speed drifts slows all alike. */
const ROUNDS = 3;
const ROUND_S = 5;

/** CPU seconds a process has used so far (Linux's /proc; 0 elsewhere). */
function cpuSeconds(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
	} catch {
		return 0;
	}
}

/**
 * `seconds` of POSTs at 50 connections: requests per second, the app's CPU per request, p99 and
 * errors. Each connection is a learner of its own (`cookies`), clicking as its page does: one
 * click at a time, each naming the newest activity entry it was handed (`activity-top`), so that
 * the run hands back its entry only. The state lives with the connection (autocannon resets a
 * request's context after every response). An answer that is not a success (a 409 queued click,
 * say) counts as an error.
 */
async function throughput({ path, body }, cookies, seconds, { base, pid }) {
	let failures = 0;
	let withLog = 0;
	let next = 0;
	const cpuBefore = cpuSeconds(pid);
	const result = await autocannon({
		url: `${base}${path}`,
		method: 'POST',
		connections: CONNECTIONS,
		duration: seconds,
		setupClient: (client) => {
			const learner = { cookie: cookies[next++ % cookies.length], top: '' };
			client.setRequests([
				{
					setupRequest: (request) => {
						const top = learner.top && `&activity-top=${encodeURIComponent(learner.top)}`;
						return { ...request, headers: headers(learner.cookie, base), body: body + top };
					},
					onResponse: (status, text) => {
						if (!text.includes('"type":"success"')) return void failures++;
						if (!body) return;
						const { demo, at, activity } = parse(JSON.parse(text).data);
						if (activity) withLog++;
						learner.top = `${at}:${demo}`; // activityTag() of src/lib/activity.ts
					}
				}
			]);
		}
	});
	return {
		rps: result.requests.average,
		cpuUs: ((cpuSeconds(pid) - cpuBefore) / result.requests.total) * 1e6,
		p99: result.latency.p99,
		errors: result.errors + result.non2xx + failures,
		// a connection's first click names no entry yet; later ones that get the log are a bug
		withLog: Math.max(0, withLog - CONNECTIONS)
	};
}

const KINDS = [
	{ label: 'do-nothing action', path: '/bench?/noop', body: '' },
	{ label: 'one bare GET action', path: '/bench?/get', body: '' },
	{ label: "a HIT's answer, nothing run", path: '/bench?/answer', body: READ },
	{ label: 'cache-aside-read HIT', path: `${LESSON}?/demo`, body: READ }
];

/**
 * The HIT click against the do-nothing action at 50 connections, and their ratio; between them,
 * an action that sends one GET and nothing else, the floor of any click that reads Redis, and one
 * that reads the click's form and answers what a HIT answers without running anything, the floor
 * of any click that answers the demo contract. After a warm-up of each, ROUNDS rounds take the
 * four in turn, each round in another order; the medians are printed, and each round's ratios.
 */
async function hitAgainstBaseline(mode, base = BASE, pid = server.pid) {
	const cookies = await Promise.all(Array.from({ length: CONNECTIONS }, () => learner(0, base)));
	for (const cookie of cookies) {
		await fetch(`${base}${LESSON}?/demo`, {
			method: 'POST',
			headers: headers(cookie, base),
			body: READ
		}); // the first read caches the key
	}
	for (const kind of KINDS) await throughput(kind, cookies, 3, { base, pid });
	const rounds = KINDS.map(() => []);
	for (let r = 0; r < ROUNDS; r++) {
		// Each round starts with another kind: a run pays for garbage the one before left behind.
		for (const i of KINDS.map((_, k) => (k + r) % KINDS.length))
			rounds[i].push(await throughput(KINDS[i], cookies, ROUND_S, { base, pid }));
	}
	for (const [i, { label }] of KINDS.entries()) {
		const runs = rounds[i];
		const rps = runs.map((run) => run.rps);
		const errors = runs.reduce((sum, run) => sum + run.errors, 0);
		const logs = runs.reduce((sum, run) => sum + run.withLog, 0);
		console.log(
			`${`${label}, 50 connections, ${mode}`.padEnd(42)} ${median(rps).toFixed(0)} req/s ` +
				`(${Math.min(...rps).toFixed(0)}–${Math.max(...rps).toFixed(0)}), ` +
				`${median(runs.map((run) => run.cpuUs)).toFixed(0)} µs of the app's CPU each, ` +
				`p99 ${median(runs.map((run) => run.p99))} ms, ${errors} errors` +
				(KINDS[i].body ? `, ${logs} handed the whole log back` : '')
		);
	}
	const ratios = (i) => rounds[i].map((run, r) => run.rps / rounds[0][r].rps);
	const shown = (values) => values.map((v) => v.toFixed(2)).join(', ');
	const line = (label, values) =>
		`${`ratio ${label} / do-nothing, ${mode}`.padEnd(42)} ${median(values).toFixed(2)} (rounds ${shown(values)}`;
	console.log(`${line('one bare GET', ratios(1))})`);
	console.log(`${line("the HIT's answer alone", ratios(2))})`);
	const hit = ratios(3);
	console.log(
		`${line('HIT', hit)}; target at least 0.8: ${median(hit) >= 0.8 ? 'met' : 'NOT met'})`
	);
}

/** The same comparison with the course on a three-primary Redis Cluster (REDIS_CLUSTER_NODES). */
async function clusterMode() {
	const cluster = await startRedisCluster();
	const port = String(Number(PORT) + 2);
	const base = `http://localhost:${port}`;
	const app = spawn('node', ['scripts/start.js'], {
		env: {
			...process.env,
			PORT: port,
			ORIGIN: base,
			BENCH: '1',
			REDIS_URL: '',
			REDIS_CLUSTER_NODES: cluster.nodes
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	try {
		await waitForServer(base);
		await hitAgainstBaseline('Cluster', base, app.pid);
	} finally {
		await new Promise((resolve) => {
			app.once('exit', resolve);
			app.kill('SIGTERM');
		});
		await cluster.stop();
	}
}

// `--ratio`: only the HIT against do-nothing comparison, on one server and on a Cluster.
const ratioOnly = process.argv.includes('--ratio');

/** Latency of a HIT and a MISS against the do-nothing action, one request at a time. */
async function clickLatency() {
	const fast = await learner(0);
	const slow = await learner(50);
	await latency(
		'do-nothing action (baseline)',
		300,
		async () => (await post('/bench?/noop', '', fast)).ms
	);
	await post(`${LESSON}?/demo`, READ, fast); // warm the key
	await latency(
		'cache-aside-read HIT',
		300,
		async () => (await post(`${LESSON}?/demo`, READ, fast)).ms
	);
	for (const [label, cookie] of [
		['cache-aside-read MISS, slow database 0 ms', fast],
		['cache-aside-read MISS, slow database 50 ms', slow]
	]) {
		await latency(label, 100, async () => {
			await post(`${LESSON}?/demo`, INVALIDATE, cookie);
			const { ms, text } = await post(`${LESSON}?/demo`, READ, cookie);
			if (!text.includes('\\"miss\\"')) throw new Error('expected a MISS');
			return ms;
		});
	}
	console.log('');
}

try {
	await waitForServer();
	console.log(`cache-aside-read on ${BASE}${LESSON}, ${new Date().toISOString()}\n`);
	if (!ratioOnly) await clickLatency();
	await hitAgainstBaseline('one server');
	await clusterMode();
	if (!ratioOnly) {
		console.log('');
		await perLearnerCost();
		console.log('');
		await stampedeRuns();
		console.log('');
		await printPageJavaScript(BASE);
	}
} finally {
	await stopServer();
}
