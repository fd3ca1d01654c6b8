import type { Redis } from 'ioredis';
import { CHANNELS } from '../patterns/pub-sub';
import { sharedRedis } from './connection';
import { sandboxPrefix } from './prefix';

/**
 * The live subscriber panel's side of pub/sub. One dedicated connection serves the whole app (a
 * subscribed connection can run nothing else). While a learner has a panel open, it is SUBSCRIBEd
 * to that learner's four channels (`sbx:{<id>}:orders`, ...); when the panel closes, it
 * UNSUBSCRIBEs. Subscribing per learner, rather than one PSUBSCRIBE for everybody, keeps the reply
 * of PUBLISH honest: 1 while the learner's panel listens, 0 when nothing does.
 *
 * A learner has at most one live listener: a new one replaces the old. All commands go over the
 * one connection, so Redis applies a learner's SUBSCRIBE and UNSUBSCRIBE in the order they were sent.
 */
export const LIVE_CHANNELS = CHANNELS;
/** Open panels across all learners; one more is refused until another closes. */
export const MAX_LISTENERS = Number(process.env.MAX_LIVE_LISTENERS ?? 200);

export type LiveState = 'listening' | 'reconnecting';
export type EndReason = 'replaced' | 'stopped' | 'shutdown';

export interface LiveMessage {
	/** The channel as the learner names it, without the sandbox prefix. */
	channel: string;
	message: string;
	/** When the course's subscriber received it, in ms since the epoch. */
	at: number;
}

export interface LiveHandlers {
	message(message: LiveMessage): void;
	state(state: LiveState): void;
	/** This listener is over: replaced by a newer one, stopped on request, or the app is stopping. */
	end(reason: EndReason): void;
}

export interface LiveListener {
	/** Stops listening (and unsubscribes) unless a newer listener has taken over. */
	close(): Promise<void>;
}

export class LiveLimitError extends Error {}

/**
 * Outside every learner's namespace, so nothing is ever published on it. The connection stays
 * subscribed to it so that its subscription count never drops to 0: ioredis leaves subscriber
 * mode at 0, and a SUBSCRIBE still in flight at that moment would confuse its reply parser.
 */
const ANCHOR_CHANNEL = 'course:live-channels';

/** prefix → the learner's current listener. */
const listeners = new Map<string, LiveHandlers>();
/** Prefixes whose channels the connection has been told to SUBSCRIBE to (and not since left). */
const subscribed = new Set<string>();
let connection: Promise<Redis> | undefined;

const channelsOf = (prefix: string) => LIVE_CHANNELS.map((channel) => prefix + channel);

function dispatch(channel: string, message: string) {
	// `sbx:{<id>}:orders`: a learner id never contains "}".
	const end = channel.indexOf('}:');
	if (end < 0) return;
	const handlers = listeners.get(channel.slice(0, end + 2));
	handlers?.message({ channel: channel.slice(end + 2), message, at: Date.now() });
}

/** The connection's state as last told to the listeners (ioredis retries many times per outage). */
let told: LiveState = 'listening';

function broadcast(state: LiveState) {
	if (state === told) return;
	told = state;
	for (const handlers of listeners.values()) handlers.state(state);
}

/** The subscriber connection, opened on first use. */
function subscriber(): Promise<Redis> {
	connection ??= (async () => {
		// Commands wait while Redis is away (the panel says "reconnecting") instead of failing.
		const client = (await sharedRedis()).duplicate({
			enableOfflineQueue: true,
			maxRetriesPerRequest: null
		});
		client.on('error', () => {}); // ioredis reconnects and subscribes again by itself
		client.on('message', dispatch);
		client.on('reconnecting', () => broadcast('reconnecting'));
		client.on('ready', () => {
			// The re-subscriptions were sent before "ready"; a PING answers after they are done.
			client.ping().then(
				() => broadcast('listening'),
				() => {}
			);
		});
		try {
			if (client.status === 'wait') await client.connect();
			await client.subscribe(ANCHOR_CHANNEL);
		} catch (error) {
			client.disconnect();
			throw error;
		}
		process.once('sveltekit:shutdown', () => client.disconnect());
		return client;
	})().catch((error: Error) => {
		connection = undefined;
		throw error;
	});
	return connection;
}

/** Whether one more listener for this learner fits under MAX_LISTENERS. */
export function canListen(learnerId: string): boolean {
	return listeners.size < MAX_LISTENERS || listeners.has(sandboxPrefix(learnerId));
}

/**
 * Listens to the learner's four channels until `close()`; replaces the learner's previous
 * listener, if any. Calls `handlers.state('listening')` once Redis has confirmed the subscription.
 */
export async function listen(learnerId: string, handlers: LiveHandlers): Promise<LiveListener> {
	if (!canListen(learnerId)) {
		throw new LiveLimitError(`at most ${MAX_LISTENERS} live panels can be open at once`);
	}
	const prefix = sandboxPrefix(learnerId);
	const client = await subscriber();
	const previous = listeners.get(prefix);
	listeners.set(prefix, handlers);
	previous?.end('replaced');

	const close = async () => {
		if (listeners.get(prefix) !== handlers) return;
		listeners.delete(prefix);
		await unsubscribe(client, prefix);
	};
	if (client.status !== 'ready') handlers.state('reconnecting');
	subscribed.add(prefix);
	try {
		await client.subscribe(...channelsOf(prefix));
	} catch (error) {
		await close();
		throw error;
	}
	if (listeners.get(prefix) === handlers) handlers.state('listening');
	return { close };
}

/** Prefix → its UNSUBSCRIBE in flight, so that stopListening can wait for one it did not send. */
const leaving = new Map<string, Promise<unknown>>();

async function unsubscribe(client: Redis, prefix: string): Promise<void> {
	if (!subscribed.delete(prefix)) {
		await leaving.get(prefix);
		return;
	}
	const done = client.unsubscribe(...channelsOf(prefix)).finally(() => {
		if (leaving.get(prefix) === done) leaving.delete(prefix);
	});
	leaving.set(prefix, done);
	await done;
}

/** Ends the learner's listener, if any, and resolves once Redis no longer sends to it. */
export async function stopListening(learnerId: string): Promise<void> {
	const prefix = sandboxPrefix(learnerId);
	const handlers = listeners.get(prefix);
	listeners.delete(prefix);
	handlers?.end('stopped');
	if (connection) await unsubscribe(await connection, prefix);
}

/** Ends every listener (their streams close, so the server can drain) and closes the connection. */
export async function closeLiveChannels(): Promise<void> {
	for (const handlers of listeners.values()) handlers.end('shutdown');
	listeners.clear();
	subscribed.clear();
	told = 'listening';
	const opened = connection;
	connection = undefined;
	(await opened?.catch(() => null))?.disconnect();
}

/** How many learners have a live panel open (tests, health). */
export const listenerCount = () => listeners.size;

/**
 * Open streams would hold a graceful shutdown (adapter-node's, on SIGTERM or SIGINT) for its
 * whole timeout: end them on the signal. Only where somebody already handles the signal, so that
 * a process with no handler of its own still exits on it.
 */
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	if (process.listenerCount(signal) === 0) continue;
	process.once(signal, () => {
		for (const handlers of listeners.values()) handlers.end('shutdown');
		listeners.clear();
	});
}
