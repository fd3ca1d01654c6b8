import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisStatus } from '$lib/types';
import {
	HOW_TO_GET_REDIS,
	hasRedisServer,
	startEmbeddedRedis,
	type EmbeddedRedis
} from './embedded';

/** A single server or a Cluster: the course's commands are the same on both. */
export type RedisClient = Redis | Cluster;

/**
 * The course's one shared connection to Redis. Where it comes from, in order:
 * REDIS_CLUSTER_NODES (a Cluster), REDIS_URL, else a private redis-server the app starts itself,
 * else nothing (and a message saying how to get one).
 */
interface Connection {
	client: RedisClient | null;
	source: RedisStatus['source'];
	version: string | null;
	message: string | null;
	embedded: EmbeddedRedis | null;
}

let connection: Promise<Connection> | undefined;

export function connectRedis(): Promise<Connection> {
	connection ??= open();
	return connection;
}

/**
 * How long the connection may go without a reply while commands wait for one. Redis answers the
 * course's commands in well under a millisecond; a connection silent for 1.5 s is to a frozen
 * server (stopped, swapping, stuck), not a slow one. The margin covers an event loop that was busy.
 */
export const REPLY_TIMEOUT_MS = 1500;

/**
 * Fail fast rather than queue commands forever while Redis is away: a demo must say so. A Redis
 * that stops answering without closing the connection is handled the same way: the silent socket
 * is dropped (socketTimeout), which fails every command waiting on it at once, rather than each
 * waiting out a timeout of its own (the reconnection never becomes ready while the server is
 * frozen, and the client is back as soon as it answers again). commandTimeout is a backstop for a
 * command queued while a connection of its own is still opening.
 */
const FAIL_FAST: RedisOptions = {
	// A command in flight when the connection drops fails then, rather than waiting to be resent.
	maxRetriesPerRequest: 0,
	// Many learners click at once: the commands their requests send in one turn of the event loop
	// leave in one write (each keeps its own reply), rather than a system call each.
	enableAutoPipelining: true,
	connectTimeout: 2000,
	socketTimeout: REPLY_TIMEOUT_MS,
	commandTimeout: 2 * REPLY_TIMEOUT_MS
};

/** For a connection whose commands wait on purpose (BLMOVE, a subscriber): no reply timeouts. */
export const MAY_WAIT: RedisOptions = { commandTimeout: undefined, socketTimeout: undefined };

/** `host:port,host:port` → ioredis's startup nodes. */
function clusterNodes(list: string) {
	return list
		.split(',')
		.map((node) => node.trim())
		.filter(Boolean)
		.map((node) => {
			const at = node.lastIndexOf(':');
			return { host: node.slice(0, at) || '127.0.0.1', port: Number(node.slice(at + 1)) };
		});
}

async function open(): Promise<Connection> {
	if (process.env.REDIS_CLUSTER_NODES) {
		const nodes = clusterNodes(process.env.REDIS_CLUSTER_NODES);
		const client = new Cluster(nodes, {
			enableOfflineQueue: false,
			enableAutoPipelining: true,
			lazyConnect: true,
			redisOptions: FAIL_FAST
		});
		const where = nodes.map(({ host, port }) => `${host}:${port}`).join(', ');
		return connected(client, 'REDIS_CLUSTER_NODES', `the cluster at ${where}`, null);
	}
	let url = process.env.REDIS_URL;
	let source: RedisStatus['source'] = 'REDIS_URL';
	let embedded: EmbeddedRedis | null = null;
	if (!url) {
		if (!hasRedisServer()) {
			console.error(`\n${HOW_TO_GET_REDIS}\n`);
			return { client: null, source: 'none', version: null, message: HOW_TO_GET_REDIS, embedded };
		}
		embedded = await startEmbeddedRedis();
		url = embedded.url;
		source = 'embedded';
		console.log(`Started a private redis-server on ${url} (stopped when the course stops).`);
	}
	const client = new Redis(url, { ...FAIL_FAST, enableOfflineQueue: false, lazyConnect: true });
	return connected(client, source, redact(url), embedded);
}

async function connected(
	client: RedisClient,
	source: RedisStatus['source'],
	where: string,
	embedded: EmbeddedRedis | null
): Promise<Connection> {
	client.on('error', () => {}); // reported through status() and each demo's error
	let version: string | null = null;
	let message: string | null = null;
	try {
		await client.connect();
		const info = await client.info('server');
		version = /redis_version:(\S+)/.exec(info)?.[1] ?? null;
	} catch (error) {
		// The terminal gets the driver's words; the pages, one sentence.
		console.error(`Cannot reach Redis at ${where}: ${(error as Error).message}`);
		message = `Cannot reach Redis at ${where}; the course retries on its own.`;
	}
	return { client, source, version, message, embedded };
}

/** The shared client, or an error that says why there is none. */
export async function sharedRedis(): Promise<RedisClient> {
	const { client, message } = await connectRedis();
	if (!client) throw new RedisUnavailableError(message ?? 'Redis is not available.');
	return client;
}

export class RedisUnavailableError extends Error {}

/**
 * The connection for one learner's commands. On a single server, the shared client. On a Cluster,
 * the Cluster client's own connection to the primary that owns the learner's hash slot: all their
 * keys and channels live there, so MULTI, scripts (SCRIPT LOAD included), PUBLISH and its count of
 * receivers, and keyless commands (PING, TIME) behave as on a single server. Without a tag, any
 * primary. The slot map is the Cluster client's, refreshed by it after a MOVED.
 */
export async function learnerRedis(hashTag?: string): Promise<Redis> {
	const shared = await sharedRedis();
	if (!(shared instanceof Cluster)) return shared;
	const primaries = shared.nodes('master');
	const owner = hashTag === undefined ? null : shared.slots[calculateSlot(hashTag)]?.[0];
	const node = owner
		? primaries.find(({ options: { host, port } }) => `${host}:${port}` === owner)
		: primaries[0];
	if (!node) throw new RedisUnavailableError('No primary of the cluster answers for this slot.');
	return node;
}

/** A connection of its own (a learner's console, a blocking command, WATCH, a subscriber). */
export async function dedicatedConnection(options: RedisOptions, hashTag?: string): Promise<Redis> {
	return (await learnerRedis(hashTag)).duplicate(options);
}

/** Connected or not, version, source and one PING's round trip. */
export async function redisStatus(): Promise<RedisStatus> {
	const { client, source, version, message } = await connectRedis();
	if (!client) return { connected: false, version, source, rttMs: null, message };
	try {
		const started = performance.now();
		await client.ping();
		return { connected: true, version, source, rttMs: performance.now() - started, message: null };
	} catch {
		return {
			connected: false,
			version,
			source,
			rttMs: null,
			message: message ?? REDIS_UNAVAILABLE // the page's header shows it: not the driver's words
		};
	}
}

/** Closes the connection and stops the embedded server, if the course started one. */
export async function closeRedis(): Promise<void> {
	if (!connection) return;
	const { client, embedded } = await connection;
	client?.disconnect();
	await embedded?.stop();
	connection = undefined;
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** What a learner is told when Redis is away: one plain sentence, never the driver's words. */
export const REDIS_UNAVAILABLE = 'Redis is unavailable; the course retries on its own.';
