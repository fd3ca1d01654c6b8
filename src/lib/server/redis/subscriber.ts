import type { Redis } from 'ioredis';
import { sharedRedis } from './connection';

/**
 * The app's one subscriber connection (a subscribed connection can run nothing but
 * SUBSCRIBE and UNSUBSCRIBE). It serves both `ctx.subscribe` and the live subscriber panel:
 * each namespaced channel somebody listens to is SUBSCRIBEd once, and every message goes to
 * that channel's handlers. All commands go over this one connection, so Redis applies them in
 * the order they were sent.
 */
export type MessageHandler = (message: string) => void;
export type SubscriberState = 'listening' | 'reconnecting';

/**
 * Never published on: it keeps the connection's subscription count above 0, because ioredis
 * leaves subscriber mode at 0 and a SUBSCRIBE still in flight then confuses its reply parser.
 */
const ANCHOR_CHANNEL = 'course:subscriber';

interface Channel {
	handlers: Set<MessageHandler>;
	/** The SUBSCRIBE, until Redis has confirmed it. */
	subscribed: Promise<unknown>;
}

const channels = new Map<string, Channel>();
const stateListeners = new Set<(state: SubscriberState) => void>();
let connection: Promise<Redis> | undefined;

const tell = (state: SubscriberState) => {
	for (const listener of stateListeners) listener(state);
};

function subscriber(): Promise<Redis> {
	connection ??= (async () => {
		// Commands wait while Redis is away (the panel says "reconnecting") instead of failing.
		const client = (await sharedRedis()).duplicate({
			enableOfflineQueue: true,
			maxRetriesPerRequest: null
		});
		client.on('error', () => {}); // ioredis reconnects and subscribes again by itself
		client.on('message', (channel: string, message: string) => {
			for (const handler of channels.get(channel)?.handlers ?? []) handler(message);
		});
		client.on('reconnecting', () => tell('reconnecting'));
		client.on('ready', () => {
			// The re-subscriptions were sent before "ready"; a PING answers after they are done.
			client.ping().then(
				() => tell('listening'),
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
		// A connection that reconnects forever would keep the process alive after shutdown.
		process.once('sveltekit:shutdown', () => client.disconnect());
		return client;
	})().catch((error: Error) => {
		connection = undefined;
		throw error;
	});
	return connection;
}

/**
 * Calls `handler` for every message on `channel` (a full, namespaced name); resolves once Redis
 * has confirmed the subscription, to the function that stops it (and resolves once Redis no
 * longer sends that channel here, if nobody else listens to it).
 */
export async function subscribeChannel(
	channel: string,
	handler: MessageHandler
): Promise<() => Promise<void>> {
	const client = await subscriber();
	let entry = channels.get(channel);
	if (!entry) {
		entry = { handlers: new Set(), subscribed: client.subscribe(channel) };
		channels.set(channel, entry);
	}
	entry.handlers.add(handler);
	const mine = entry;
	try {
		await mine.subscribed;
	} catch (error) {
		mine.handlers.delete(handler);
		if (!mine.handlers.size && channels.get(channel) === mine) channels.delete(channel);
		throw error;
	}
	return async () => {
		if (!mine.handlers.delete(handler) || mine.handlers.size || channels.get(channel) !== mine)
			return;
		channels.delete(channel);
		await client.unsubscribe(channel);
	};
}

/** Follows the connection's state (a reconnection after Redis went away, and back). */
export function onSubscriberState(listener: (state: SubscriberState) => void): () => void {
	stateListeners.add(listener);
	return () => stateListeners.delete(listener);
}

/** Opens the connection if need be; resolves to whether it is up right now. */
export const subscriberReady = async () => (await subscriber()).status === 'ready';

/** Closes the subscriber connection (tests; the app closes it on shutdown). */
export async function closeSubscriber(): Promise<void> {
	const opened = connection;
	connection = undefined;
	channels.clear();
	(await opened?.catch(() => null))?.disconnect();
}
