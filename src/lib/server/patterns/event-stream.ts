import type { PatternContext } from '../pattern-support';

/** Order events that billing must not miss: a stream keeps them until the group has read them. */
export const STREAM_KEY = 'stream:orders';
export const GROUP = 'billing';
export const CONSUMER = 'worker-1';
/** Approximate cap (MAXLEN ~): trimming whole blocks is cheaper than an exact length. */
export const STREAM_MAX_ENTRIES = 1000;
export const READ_COUNT = 10;

export interface StreamEntry {
	id: string;
	fields: Record<string, string>;
}

export interface PendingEntry {
	id: string;
	consumer: string;
	idleMs: number;
	deliveries: number;
}

/**
 * Creates the consumer group if it is missing. Starting it at 0 (not $) lets it read entries added
 * before it existed. Redis answers BUSYGROUP when the group is already there: the one error to ignore.
 */
export async function ensureGroup({ redis }: PatternContext): Promise<void> {
	try {
		await redis.xgroup('CREATE', STREAM_KEY, GROUP, '0', 'MKSTREAM');
	} catch (error) {
		if (!(error as Error).message.startsWith('BUSYGROUP')) throw error;
	}
}

/** Appends an event; it stays in the stream whether or not any consumer is running. */
export function addEvent({ redis, clock }: PatternContext, type: string): Promise<string | null> {
	return redis.xadd(
		STREAM_KEY,
		'MAXLEN',
		'~',
		STREAM_MAX_ENTRIES,
		'*',
		'type',
		type,
		'at',
		String(clock.now())
	);
}

type ReadReply = [stream: string, entries: [id: string, flat: string[]][]][] | null;

const entriesOf = (reply: ReadReply): StreamEntry[] =>
	(reply?.[0]?.[1] ?? []).map(([id, flat]) => ({
		id,
		fields: Object.fromEntries(
			flat.flatMap((value, i) => (i % 2 ? [] : [[value, flat[i + 1] ?? '']]))
		)
	}));

/**
 * Reads entries never delivered to anyone in the group (ID `>`). Each one is now pending for
 * this consumer until it acknowledges it: if the consumer dies first, the entry is not lost.
 */
export async function readNew({ redis }: PatternContext, consumer = CONSUMER) {
	const reply = (await redis.xreadgroup(
		'GROUP', GROUP, consumer, 'COUNT', READ_COUNT, 'STREAMS', STREAM_KEY, '>'
	)) as ReadReply; // prettier-ignore
	return entriesOf(reply);
}

/** After a restart, a consumer reads its own pending entries first (ID 0), then new ones. */
export async function readOwnPending({ redis }: PatternContext, consumer = CONSUMER) {
	const reply = (await redis.xreadgroup(
		'GROUP', GROUP, consumer, 'COUNT', READ_COUNT, 'STREAMS', STREAM_KEY, '0'
	)) as ReadReply; // prettier-ignore
	return entriesOf(reply);
}

/** The group's delivered but unacknowledged entries, oldest first. */
export async function pendingEntries({ redis }: PatternContext): Promise<PendingEntry[]> {
	const reply = (await redis.xpending(STREAM_KEY, GROUP, '-', '+', READ_COUNT)) as [
		string,
		string,
		number,
		number
	][];
	return reply.map(([id, consumer, idleMs, deliveries]) => ({ id, consumer, idleMs, deliveries }));
}

/** Acknowledges processed entries: they leave the pending list. Call it after the work is done. */
export function acknowledge({ redis }: PatternContext, ids: string[]): Promise<number> {
	return ids.length ? redis.xack(STREAM_KEY, GROUP, ...ids) : Promise.resolve(0);
}

/** Entries in the stream that the group has not been handed yet (XINFO GROUPS "lag", Redis 7.0+). */
export async function undelivered({ redis }: PatternContext): Promise<number | null> {
	const groups = (await redis.xinfo('GROUPS', STREAM_KEY)) as (string | number | null)[][];
	for (const flat of groups) {
		const info = Object.fromEntries(
			flat.flatMap((value, i) => (i % 2 ? [] : [[String(value), flat[i + 1]]]))
		);
		if (info.name === GROUP) return info.lag === null ? null : Number(info.lag);
	}
	return null;
}
