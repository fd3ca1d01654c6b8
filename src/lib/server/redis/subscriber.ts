import type { Redis } from 'ioredis';
import { sharedRedis } from './connection';

/**
 * The course's one subscriber: a dedicated connection (a subscribed connection can run nothing
 * else) listening to every learner's `cache:invalidate` channel with one PSUBSCRIBE, and handing
 * each message to the learner whose prefix the channel carries.
 *
 * A pattern cannot see its learner's prefix (the traced client hides it), so a learner's
 * subscription is bound to its channel by the first message it was told to expect: `expect(id)`
 * is called before the learner publishes a message carrying that random id, and wherever that
 * message arrives, `sbx:{<learner>}:cache:invalidate`, is that learner's channel from then on.
 */
export const INVALIDATION_CHANNEL = 'cache:invalidate';
const PATTERN = `sbx:*:${INVALIDATION_CHANNEL}`;

/** What a learner's app servers do with each message; its return value goes to `expect`. */
export type InvalidationHandler = (message: string) => unknown;

interface Waiter {
	subscription: LearnerSubscription;
	resolve: (handled: unknown) => void;
	reject: (error: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

/** prefix → the learner's subscription (weakly: it lives as long as the learner's memory). */
const routes = new Map<string, WeakRef<LearnerSubscription>>();
/** message id → the demo waiting for it. */
const waiting = new Map<string, Waiter>();
let connection: Promise<Redis> | undefined;

export class LearnerSubscription {
	#prefix: string | undefined;

	constructor(readonly handler: InvalidationHandler) {}

	/** Takes the channel's prefix on the first expected message; false if it already has another. */
	bind(prefix: string): boolean {
		this.#prefix ??= prefix;
		return this.#prefix === prefix;
	}

	/**
	 * Resolves with what the handler returned once the message carrying `id` has been handled,
	 * or rejects after `timeoutMs`. Call it before publishing.
	 */
	expect(id: string, timeoutMs = 1000): Promise<unknown> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				waiting.delete(id);
				reject(
					new Error(`the message on ${INVALIDATION_CHANNEL} did not arrive within ${timeoutMs} ms`)
				);
			}, timeoutMs);
			waiting.set(id, { subscription: this, resolve, reject, timer });
		});
	}

	/** Stops waiting for a message that will not be sent. */
	cancel(id: string) {
		const waiter = waiting.get(id);
		if (waiter?.subscription !== this) return;
		clearTimeout(waiter.timer);
		waiting.delete(id);
	}
}

function idOf(message: string): string | undefined {
	try {
		const { id } = JSON.parse(message) as { id?: unknown };
		return typeof id === 'string' ? id : undefined;
	} catch {
		return undefined; // a learner may publish anything from the console
	}
}

function dispatch(channel: string, message: string) {
	const prefix = channel.slice(0, -INVALIDATION_CHANNEL.length);
	const id = idOf(message);
	const waiter = id === undefined ? undefined : waiting.get(id);
	if (waiter?.subscription.bind(prefix)) {
		routes.set(prefix, new WeakRef(waiter.subscription));
		for (const [key, ref] of routes) if (!ref.deref()) routes.delete(key);
	}
	const subscription = routes.get(prefix)?.deref();
	if (!subscription) return;
	let handled: unknown;
	try {
		handled = subscription.handler(message);
	} catch (error) {
		handled = error;
	}
	if (waiter && waiter.subscription === subscription) {
		clearTimeout(waiter.timer);
		waiting.delete(id!);
		if (handled instanceof Error) waiter.reject(handled);
		else waiter.resolve(handled);
	}
}

/** The subscriber connection, opened and subscribed on first use. */
function subscriber(): Promise<Redis> {
	connection ??= (async () => {
		const client = (await sharedRedis()).duplicate();
		client.on('error', () => {}); // ioredis reconnects and subscribes again by itself
		client.on('pmessage', (_pattern: string, channel: string, message: string) =>
			dispatch(channel, message)
		);
		// A connection that reconnects forever would keep the process alive after shutdown.
		process.once('sveltekit:shutdown', () => client.disconnect());
		if (client.status === 'wait') await client.connect();
		await client.psubscribe(PATTERN);
		return client;
	})().catch((error: Error) => {
		connection = undefined;
		throw error;
	});
	return connection;
}

/** A learner's subscription: `handler` runs for every message on their `cache:invalidate`. */
export async function subscribeLearner(handler: InvalidationHandler): Promise<LearnerSubscription> {
	await subscriber();
	return new LearnerSubscription(handler);
}

/** Closes the subscriber connection (tests; the app closes it on shutdown). */
export async function closeSubscriber(): Promise<void> {
	const opened = connection;
	connection = undefined;
	(await opened?.catch(() => null))?.disconnect();
}
