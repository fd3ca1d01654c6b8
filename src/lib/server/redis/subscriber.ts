import type { Redis } from 'ioredis';
import { sharedRedis } from './connection';

/**
 * The connection behind `ctx.subscribe`: one for the whole app (a subscribed connection can run
 * nothing else), SUBSCRIBEd to each namespaced channel that some pattern listens to, handing
 * every message to that channel's handlers.
 */
export type MessageHandler = (message: string) => void;

/**
 * Never published on: it keeps the connection's subscription count above 0, because ioredis
 * leaves subscriber mode at 0 and a SUBSCRIBE still in flight then confuses its reply parser.
 */
const ANCHOR_CHANNEL = 'course:subscriber';

const handlers = new Map<string, Set<MessageHandler>>();
let connection: Promise<Redis> | undefined;

function subscriber(): Promise<Redis> {
	connection ??= (async () => {
		const client = (await sharedRedis()).duplicate();
		client.on('error', () => {}); // ioredis reconnects and subscribes again by itself
		client.on('message', (channel: string, message: string) => {
			for (const handler of handlers.get(channel) ?? []) handler(message);
		});
		// A connection that reconnects forever would keep the process alive after shutdown.
		process.once('sveltekit:shutdown', () => client.disconnect());
		if (client.status === 'wait') await client.connect();
		await client.subscribe(ANCHOR_CHANNEL);
		return client;
	})().catch((error: Error) => {
		connection = undefined;
		throw error;
	});
	return connection;
}

/** Calls `handler` for every message on `channel` (a full, namespaced name); resolves once subscribed. */
export async function subscribeChannel(
	channel: string,
	handler: MessageHandler
): Promise<() => Promise<void>> {
	const client = await subscriber();
	let set = handlers.get(channel);
	if (!set) {
		handlers.set(channel, (set = new Set()));
		await client.subscribe(channel);
	}
	set.add(handler);
	return async () => {
		if (!set.delete(handler) || set.size || handlers.get(channel) !== set) return;
		handlers.delete(channel);
		await client.unsubscribe(channel);
	};
}

/** Closes the subscriber connection (tests; the app closes it on shutdown). */
export async function closeSubscriber(): Promise<void> {
	const opened = connection;
	connection = undefined;
	handlers.clear();
	(await opened?.catch(() => null))?.disconnect();
}
