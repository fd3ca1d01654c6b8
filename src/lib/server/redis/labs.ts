import { Cluster, Redis } from 'ioredis';
import type { ClusterLab, Lab, LabOptions } from '../pattern-support';
import { freePort, startRedisServer, type ServerProcess } from './server-process';
import { tracedRedis, type Recorder } from './traced-client';

/**
 * Lab servers: private redis-servers started for one demo, for what the shared server must never
 * do (CONFIG SET, eviction, persistence, SHUTDOWN, a big keyspace, Cluster redirects). Each one
 * has a loopback port, a temporary directory and a tiny maxmemory; at most MAX_LAB_SERVERS run at
 * once, and a demo beyond that is told at once to come back, never kept waiting.
 */
export const MAX_LAB_SERVERS = Number(process.env.MAX_LAB_SERVERS ?? 4);
/** What a learner turned away is told to wait: a lab demo lasts a second or two. */
const RETRY_AFTER_SECONDS = 5;

const LAB_SETTINGS: [string, string][] = [
	['save', ''],
	['appendonly', 'no'],
	['maxmemory-policy', 'noeviction'],
	['databases', '1'],
	['enable-debug-command', 'local'], // DEBUG POPULATE fills a big keyspace in a blink
	['busy-reply-threshold', '200'],
	['maxclients', '50'],
	// RESTORE is denied to a learner's Lua (lab-session.ts); a payload that reaches a lab anyway is
	// checked in full before Redis reads it.
	['sanitize-dump-payload', 'yes']
];

/**
 * A lab runs at a low CPU priority, so a busy script yields to the app and the shared Redis, and
 * in a bounded address space, since a script's memory is not bounded by maxmemory.
 */
const LAB_BOUNDS = { niceness: 10, addressSpaceBytes: 512 * 1024 * 1024 };

export class LabBusyError extends Error {
	constructor(readonly retryAfterSeconds = RETRY_AFTER_SECONDS) {
		super(
			`All lab servers are busy (${MAX_LAB_SERVERS} at most run at once); try again in a few seconds.`
		);
	}
}

export class LabUnavailableError extends Error {
	constructor() {
		super(
			'This demo starts a private redis-server of its own, and this installation has no ' +
				'redis-server program on its PATH (install the redis-server package to run it).'
		);
	}
}

let running = 0;
const everyLab = new Set<() => Promise<void>>();

/** Takes `servers` places out of the bound, or throws LabBusyError at once. */
function reserve(servers: number): () => void {
	if (running + servers > MAX_LAB_SERVERS) throw new LabBusyError();
	running += servers;
	let released = false;
	return () => {
		if (!released) running -= servers;
		released = true;
	};
}

/** A lab server that would not start for another reason: the server's log stays in the app's. */
export class LabStartError extends Error {
	constructor() {
		super('The lab server for this demo could not start; try again in a few seconds.');
	}
}

/** A server that would not start says why in a sentence: no redis-server program, or a failure. */
const start = (settings: [string, string][]) =>
	startRedisServer(settings, 'redis-lab-', LAB_BOUNDS).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') throw new LabUnavailableError();
		console.error('A lab server did not start:', error);
		throw new LabStartError();
	});

/** A lab and the function that stops it (the request calls it when the demo ends). */
export interface Started<T> {
	lab: T;
	stop(): Promise<void>;
}

const settingsOf = ({ maxmemory = '8mb', config = {} }: LabOptions) => [
	...LAB_SETTINGS.filter(([name]) => !(name in config)),
	['maxmemory', maxmemory] as [string, string],
	...Object.entries(config)
];

function track(stop: () => Promise<void>): () => Promise<void> {
	const once = async () => {
		if (!everyLab.delete(once)) return;
		await stop();
	};
	everyLab.add(once);
	return once;
}

const RECONNECT_MS = 50;
const READY_TIMEOUT_MS = 5000;

const clientOf = (port: number) => {
	// Like the course's own client: while the server is down, a command fails at once (it is not
	// queued until the server is back); restart() and start() resolve once the client is ready.
	const client = new Redis({
		host: '127.0.0.1',
		port,
		maxRetriesPerRequest: 1,
		enableOfflineQueue: false,
		// A loopback server restarts in milliseconds: reconnect, and ask again while it loads its
		// files, every 50 ms rather than after growing waits (or a whole second while loading).
		retryStrategy: () => RECONNECT_MS,
		maxLoadingRetryTime: RECONNECT_MS,
		lazyConnect: true
	});
	client.on('error', () => {});
	return client;
};

/** Resolves once the client has reconnected to a server that is up again. */
function untilReady(client: Redis): Promise<void> {
	if (client.status === 'ready') return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			client.off('ready', onReady);
			reject(new Error(`the lab server did not accept connections within ${READY_TIMEOUT_MS} ms`));
		}, READY_TIMEOUT_MS);
		const onReady = () => {
			clearTimeout(timer);
			resolve();
		};
		client.once('ready', onReady);
	});
}

export async function startLab(options: LabOptions, recorder: Recorder): Promise<Started<Lab>> {
	const release = reserve(1);
	let server: ServerProcess;
	try {
		server = await start(settingsOf(options));
	} catch (error) {
		release();
		throw error;
	}
	const client = clientOf(server.port);
	const stop = track(async () => {
		client.disconnect();
		await server.stop();
		release();
	});
	try {
		await client.connect();
	} catch (error) {
		await stop();
		throw error;
	}
	const lab: Lab = {
		redis: tracedRedis(client, recorder, { ns: null }),
		port: server.port,
		restart: async (restartOptions) => {
			await server.restart(restartOptions);
			await untilReady(client);
		},
		stop: (stopOptions) => server.shutdown(stopOptions),
		start: async () => {
			await server.start();
			await untilReady(client);
		}
	};
	return { lab, stop };
}

const SLOT_RANGES = [
	[0, 5460],
	[5461, 10922],
	[10923, 16383]
] as const;

/** Three cluster-enabled servers, each serving a third of the slots, joined into one cluster. */
export async function startClusterLab(recorder: Recorder): Promise<Started<ClusterLab>> {
	const release = reserve(SLOT_RANGES.length);
	const servers: ServerProcess[] = [];
	const busPorts: number[] = [];
	const plain: Redis[] = [];
	let cluster: Cluster | undefined;
	const stop = track(async () => {
		cluster?.disconnect();
		for (const client of plain) client.disconnect();
		await Promise.all(servers.map((server) => server.stop()));
		release();
	});
	try {
		for (let i = 0; i < SLOT_RANGES.length; i++) {
			const bus = await freePort();
			busPorts.push(bus);
			const config = { 'cluster-enabled': 'yes', 'cluster-port': String(bus) };
			servers.push(await start(settingsOf({ config })));
		}
		for (const server of servers) {
			const client = clientOf(server.port);
			await client.connect();
			plain.push(client);
		}
		await Promise.all(
			plain.map((client, i) => client.call('CLUSTER', 'ADDSLOTSRANGE', ...SLOT_RANGES[i]!))
		);
		for (const [i, server] of servers.entries()) {
			if (i === 0) continue;
			// The bus port is our own, not port + 10000: MEET must be told it.
			await plain[0]!.call('CLUSTER', 'MEET', '127.0.0.1', server.port, busPorts[i]!);
		}
		await untilClusterOk(plain);
		cluster = new Cluster(
			servers.map(({ port }) => ({ host: '127.0.0.1', port })),
			{ redisOptions: { maxRetriesPerRequest: 1 }, lazyConnect: true }
		);
		cluster.on('error', () => {});
		await cluster.connect();
	} catch (error) {
		await stop();
		throw error;
	}
	const lab: ClusterLab = {
		redis: tracedRedis(cluster, recorder, { ns: null }),
		nodes: plain.map((client) => tracedRedis(client, recorder, { ns: null })),
		ports: servers.map(({ port }) => port)
	};
	return { lab, stop };
}

async function untilClusterOk(nodes: Redis[]) {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const infos = await Promise.all(nodes.map((node) => node.call('CLUSTER', 'INFO')));
		if (infos.every((info) => String(info).includes('cluster_state:ok'))) return;
		if (Date.now() > deadline) throw new Error('the lab cluster did not come up within 10 s');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** How many lab servers run now (tests, health). */
export const labServersRunning = () => running;

/** Lab servers running now and the most that may run at once (/api/health). */
export const labCapacity = () => ({ running, max: MAX_LAB_SERVERS });

/** Stops every lab (the app is stopping). */
export async function stopAllLabs(): Promise<void> {
	await Promise.all([...everyLab].map((stop) => stop()));
}

process.once('sveltekit:shutdown', () => void stopAllLabs());
