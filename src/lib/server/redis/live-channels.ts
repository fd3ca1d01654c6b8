import { Namespace } from './namespace';
import {
	closeSubscriber,
	onSubscriberState,
	subscribeChannel,
	subscriberReady
} from './subscriber';
import type { SubscriberState } from './subscriber';

/**
 * The live subscriber panel's side of pub/sub, on the app's one subscriber connection. While a
 * learner has a panel open, the connection is SUBSCRIBEd to the channels it shows, in that
 * learner's namespace (`sbx:{<id>}:orders`, ...); when the panel closes, it UNSUBSCRIBEs.
 * Subscribing per learner, rather than one PSUBSCRIBE for everybody, keeps the reply of PUBLISH
 * honest: 1 while the learner's panel listens, 0 when nothing does.
 *
 * A learner has at most one live listener: a new one replaces the old.
 */
/** Open panels across all learners; one more is refused until another closes. */
export const MAX_LISTENERS = Number(process.env.MAX_LIVE_LISTENERS ?? 200);

export type LiveState = SubscriberState;
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

interface Listener {
	handlers: LiveHandlers;
	/** Stops its subscriptions; resolves once Redis no longer sends them here. */
	stop: () => Promise<void>;
}

/** learner id → the learner's current listener. */
const listeners = new Map<string, Listener>();
/** Set once the app is stopping (stopAllListeners): no new listener starts. */
let stopping = false;

/** The connection's state as last told to the listeners (ioredis retries many times per outage). */
let told: LiveState = 'listening';
onSubscriberState((state) => {
	if (state === told) return;
	told = state;
	for (const { handlers } of listeners.values()) handlers.state(state);
});

/** Whether one more listener for this learner fits under MAX_LISTENERS. */
export function canListen(learnerId: string): boolean {
	return listeners.size < MAX_LISTENERS || listeners.has(learnerId);
}

/**
 * Listens to the learner's `channels` until `close()`; replaces the learner's previous listener,
 * if any. Calls `handlers.state('listening')` once Redis has confirmed the subscriptions.
 */
export async function listen(
	learnerId: string,
	handlers: LiveHandlers,
	channels: readonly string[]
): Promise<LiveListener> {
	if (!canListen(learnerId)) {
		throw new LiveLimitError(`at most ${MAX_LISTENERS} live panels can be open at once`);
	}
	if (stopping) {
		handlers.end('shutdown'); // a panel opened while the app stops ends at once
		return { close: async () => {} };
	}
	const ns = new Namespace(learnerId);
	const stops: (() => Promise<void>)[] = [];
	const listener: Listener = {
		handlers,
		stop: async () => {
			await Promise.all(stops.splice(0).map((stop) => stop()));
		}
	};
	const previous = listeners.get(learnerId);
	listeners.set(learnerId, listener);
	previous?.handlers.end('replaced');
	const close = async () => {
		if (listeners.get(learnerId) === listener) listeners.delete(learnerId);
		await listener.stop();
	};
	try {
		if (!(await subscriberReady(ns.indexKey))) handlers.state('reconnecting');
		// The previous panel's subscriptions go after this one's are in place: nothing is missed.
		const subscribed = channels.map((channel) =>
			subscribeChannel(ns.key(channel), (message) =>
				handlers.message({ channel, message, at: Date.now() })
			)
		);
		// Each one that succeeds is stopped by close(), even if another fails.
		const results = await Promise.allSettled(subscribed);
		for (const result of results) if (result.status === 'fulfilled') stops.push(result.value);
		const failed = results.find((result) => result.status === 'rejected');
		if (failed) throw failed.reason;
		await previous?.stop();
	} catch (error) {
		await close();
		throw error;
	}
	if (listeners.get(learnerId) === listener) handlers.state('listening');
	else await listener.stop(); // replaced while it subscribed
	return { close };
}

/** Ends the learner's listener, if any, and resolves once Redis no longer sends to it. */
export async function stopListening(learnerId: string): Promise<void> {
	const listener = listeners.get(learnerId);
	listeners.delete(learnerId);
	listener?.handlers.end('stopped');
	await listener?.stop();
}

/** Ends every listener (their streams close, so the server can drain) and closes the connection. */
export async function closeLiveChannels(): Promise<void> {
	for (const { handlers } of listeners.values()) handlers.end('shutdown');
	listeners.clear();
	told = 'listening';
	await closeSubscriber();
}

/**
 * Ends every listener with 'shutdown' (their streams close, so the server can drain) and refuses
 * new ones from then on; the subscriber connection stays open for the requests still running.
 */
export async function stopAllListeners(): Promise<void> {
	stopping = true;
	const ending = [...listeners.values()];
	listeners.clear();
	for (const { handlers } of ending) handlers.end('shutdown');
	await Promise.allSettled(ending.map(({ stop }) => stop()));
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
		for (const { handlers } of listeners.values()) handlers.end('shutdown');
		listeners.clear();
	});
}
