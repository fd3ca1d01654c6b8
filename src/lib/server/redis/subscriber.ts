import type { Redis } from 'ioredis';
import { MAY_WAIT, dedicatedConnection, learnerRedis } from './connection';

/**
 * The app's subscriber connection (a subscribed connection can run nothing but SUBSCRIBE and
 * UNSUBSCRIBE): one, or on a Cluster one per primary, each listening to the channels whose hash
 * tag that primary owns, so that a PUBLISH sent there counts it among its receivers. It serves
 * both `ctx.subscribe` and the live subscriber panel: each namespaced channel somebody listens to
 * is SUBSCRIBEd once, and every message goes to that channel's handlers. A channel's commands go
 * over one connection, so Redis applies them in the order they were sent.
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
	client: Redis;
}

const channels = new Map<string, Channel>();
const stateListeners = new Set<(state: SubscriberState) => void>();
/** By the server they listen on: `host:port` of the learner's primary, or the one server. */
const connections = new Map<string, Promise<Redis>>();

const tell = (state: SubscriberState) => {
	for (const listener of stateListeners) listener(state);
};

/** The hash tag of a namespaced channel (`sbx:{id}:news` → `{id}`): it names the slot. */
const tagOf = (channel: string) => /\{[^}]*\}/.exec(channel)?.[0];

async function subscriber(channel?: string): Promise<Redis> {
	const tag = channel === undefined ? undefined : tagOf(channel);
	const { host, port } = (await learnerRedis(tag)).options;
	const server = `${host}:${port}`;
	let connection = connections.get(server);
	if (connection) return connection;
	connection = (async () => {
		// Commands wait while Redis is away (the panel says "reconnecting") instead of failing.
		const client = await dedicatedConnection(
			{ enableOfflineQueue: true, maxRetriesPerRequest: null, ...MAY_WAIT },
			tag
		);
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
		connections.delete(server);
		throw error;
	});
	connections.set(server, connection);
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
	let entry = channels.get(channel);
	if (!entry) {
		const client = await subscriber(channel);
		entry = channels.get(channel); // another subscription may have begun meanwhile
		if (!entry) {
			entry = { handlers: new Set(), subscribed: client.subscribe(channel), client };
			channels.set(channel, entry);
		}
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
		await mine.client.unsubscribe(channel);
	};
}

/** Follows the connection's state (a reconnection after Redis went away, and back). */
export function onSubscriberState(listener: (state: SubscriberState) => void): () => void {
	stateListeners.add(listener);
	return () => stateListeners.delete(listener);
}

/** Opens the connection for `channel` if need be; resolves to whether it is up right now. */
export const subscriberReady = async (channel?: string) =>
	(await subscriber(channel)).status === 'ready';

/** Closes the subscriber connections (tests; the app closes them on shutdown). */
export async function closeSubscriber(): Promise<void> {
	const opened = [...connections.values()];
	connections.clear();
	channels.clear();
	for (const connection of opened) (await connection.catch(() => null))?.disconnect();
}
