import { randomUUID } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';

export const CHANNELS = ['notifications', 'orders', 'inventory', 'analytics'] as const;
export type Channel = (typeof CHANNELS)[number];
export const EVENT_TYPES = ['created', 'updated', 'deleted'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The last few events, newest first: what a page can show to someone who was not listening. */
export const EVENT_LOG_KEY = 'pubsub:event-log';
export const EVENT_LOG_ENTRIES = 50;
export const SHOWN_ENTRIES = 10;

export interface PublishedEvent {
	id: string;
	channel: string;
	type: string;
	/** When it was published, in ms since the epoch. */
	at: number;
}

/** A log entry as it was written; anything else (written from the console, say) is kept as text. */
export function parseEvent(entry: string): PublishedEvent | { text: string } {
	try {
		const event = JSON.parse(entry) as Partial<PublishedEvent>;
		if (typeof event.channel === 'string' && typeof event.type === 'string') {
			return event as PublishedEvent;
		}
	} catch {
		// not JSON
	}
	return { text: entry };
}

/**
 * Publishes an event and records it in the capped log. PUBLISH delivers only to the connections
 * subscribed at this instant and keeps nothing; the log is the app's own copy. MULTI runs the
 * four commands as one step, so no reader sees the list longer than 50 between LPUSH and LTRIM.
 */
export async function publishEvent(
	{ redis, clock }: PatternContext,
	channel: Channel,
	type: EventType
) {
	const event: PublishedEvent = { id: randomUUID().slice(0, 8), channel, type, at: clock.now() };
	const message = JSON.stringify(event);
	const [receivers, lengthBeforeTrim, , latest] = (await execAll(
		redis
			.multi()
			.publish(channel, message)
			.lpush(EVENT_LOG_KEY, message)
			.ltrim(EVENT_LOG_KEY, 0, EVENT_LOG_ENTRIES - 1)
			.lrange(EVENT_LOG_KEY, 0, SHOWN_ENTRIES - 1)
	)) as [number, number, 'OK', string[]];
	return {
		event,
		/** How many subscribed connections Redis handed the message to: 0 means it is gone. */
		receivers,
		logLength: Math.min(lengthBeforeTrim, EVENT_LOG_ENTRIES),
		latest: latest.map(parseEvent)
	};
}

/** The newest entries of the log, newest first. */
export async function recentEvents({ redis }: PatternContext, count = SHOWN_ENTRIES) {
	return (await redis.lrange(EVENT_LOG_KEY, 0, count - 1)).map(parseEvent);
}

/** Empties the log. Messages already published are not affected: nobody holds them any more. */
export function clearEventLog({ redis }: PatternContext): Promise<number> {
	return redis.del(EVENT_LOG_KEY);
}
