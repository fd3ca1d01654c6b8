import { Redis } from 'ioredis';
import type { RedisStatus } from '$lib/types';
import {
	HOW_TO_GET_REDIS,
	hasRedisServer,
	startEmbeddedRedis,
	type EmbeddedRedis
} from './embedded';

/**
 * The course's one shared connection to Redis. Where it comes from, in order: REDIS_URL, else a
 * private redis-server the app starts itself, else nothing (and a message saying how to get one).
 */
interface Connection {
	client: Redis | null;
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

async function open(): Promise<Connection> {
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
	// Fail fast rather than queue commands forever while Redis is away: a demo must say so.
	const client = new Redis(url, {
		maxRetriesPerRequest: 1,
		enableOfflineQueue: false,
		connectTimeout: 2000,
		lazyConnect: true
	});
	client.on('error', () => {}); // reported through status() and each demo's error
	let version: string | null = null;
	let message: string | null = null;
	try {
		await client.connect();
		const info = await client.info('server');
		version = /redis_version:(\S+)/.exec(info)?.[1] ?? null;
	} catch (error) {
		message = `Cannot reach Redis at ${redact(url)}: ${(error as Error).message}`;
		console.error(message);
	}
	return { client, source, version, message, embedded };
}

/** The shared client, or an error that says why there is none. */
export async function sharedRedis(): Promise<Redis> {
	const { client, message } = await connectRedis();
	if (!client) throw new RedisUnavailableError(message ?? 'Redis is not available.');
	return client;
}

export class RedisUnavailableError extends Error {}

/** Connected or not, version, source and one PING's round trip. */
export async function redisStatus(): Promise<RedisStatus> {
	const { client, source, version, message } = await connectRedis();
	if (!client) return { connected: false, version, source, rttMs: null, message };
	try {
		const started = performance.now();
		await client.ping();
		return { connected: true, version, source, rttMs: performance.now() - started, message: null };
	} catch (error) {
		return {
			connected: false,
			version,
			source,
			rttMs: null,
			message: message ?? `Redis does not answer: ${(error as Error).message}`
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
