import type { Cluster, Redis } from 'ioredis';

type Connection = Redis | Cluster;

/** A Redis Cluster cuts the keyspace into 16384 hash slots; each primary serves a share of them. */
export const SLOT_COUNT = 16384;

/**
 * The part of a key that picks its slot: the text between the first `{` and the first `}` after
 * it, if that text is not empty. Keys with the same tag share a slot, so they share a node.
 */
export function hashTagOf(key: string): string | null {
	const open = key.indexOf('{');
	if (open === -1) return null;
	const close = key.indexOf('}', open + 1);
	return close > open + 1 ? key.slice(open + 1, close) : null;
}

/** CRC16 as Redis Cluster uses it (the XMODEM variant: polynomial 0x1021, starting at 0). */
function crc16(bytes: Uint8Array): number {
	let crc = 0;
	for (const byte of bytes) {
		crc ^= byte << 8;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	return crc & 0xffff;
}

/** A key's slot, computed the way cluster clients do it: CRC16 of the hash tag, or of the key. */
export function slotOf(key: string): number {
	return crc16(Buffer.from(hashTagOf(key) ?? key)) % SLOT_COUNT;
}

/** One user's keys all carry the tag `{user:<id>}`: one slot, so multi-key commands work. */
export const userKey = (userId: string, part: string) => `{user:${userId}}:${part}`;

export interface Primary {
	id: string;
	/** `host:port`, as a MOVED reply names it. */
	endpoint: string;
	/** Inclusive slot ranges, e.g. [[0, 5460]]. */
	ranges: [number, number][];
}

/** `[name, value, name, value]`, as Redis sends a map without RESP3, read into an object. */
function fields(flat: unknown[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
	return out;
}

/** The primaries and the slot ranges each one serves, from CLUSTER SHARDS (Redis 7.0 and later). */
export async function primaries(redis: Connection): Promise<Primary[]> {
	const shards = (await redis.cluster('SHARDS')) as unknown[][];
	return shards.flatMap((shard) => {
		const { slots, nodes } = fields(shard) as { slots: unknown[]; nodes: unknown[][] };
		const primary = nodes.map(fields).find((node) => node.role === 'master');
		if (!primary) return [];
		const ranges: [number, number][] = [];
		for (let i = 0; i + 1 < slots.length; i += 2) {
			ranges.push([Number(slots[i]), Number(slots[i + 1])]);
		}
		return [{ id: String(primary.id), endpoint: `${primary.endpoint}:${primary.port}`, ranges }];
	});
}

/** The primary that serves a slot. */
export function ownerOf(nodes: Primary[], slot: number): Primary {
	const owner = nodes.find(({ ranges }) => ranges.some(([from, to]) => from <= slot && slot <= to));
	if (!owner) throw new Error(`no primary serves slot ${slot}: the cluster is not fully covered`);
	return owner;
}

/** Where a key lives: its slot, as the server computes it, and the primary that serves it. */
export async function locate(redis: Connection, key: string) {
	const slot = await redis.cluster('KEYSLOT', key);
	const all = await primaries(redis);
	return { slot, owner: ownerOf(all, slot), primaries: all };
}

export interface Redirect {
	/** MOVED: the slot lives there now. ASK: only this one command goes there (a slot migrating). */
	kind: 'MOVED' | 'ASK';
	slot: number;
	endpoint: string;
}

/** A MOVED or ASK error reply read (`MOVED 15880 127.0.0.1:7002`); null for any other error. */
export function redirectOf(error: unknown): Redirect | null {
	const match = /^(MOVED|ASK) (\d+) (\S+)$/.exec(error instanceof Error ? error.message : '');
	if (!match) return null;
	return { kind: match[1] as Redirect['kind'], slot: Number(match[2]), endpoint: match[3]! };
}

/**
 * Sends a command to one node and, if that node answers MOVED, once more to the node the reply
 * names. A cluster client does this for you, and then reloads its whole map of slots.
 */
export async function followMoved<T>(
	node: Redis,
	nodeAt: (endpoint: string) => Redis,
	send: (node: Redis) => Promise<T>
): Promise<{ reply: T; moved: Redirect | null }> {
	try {
		return { reply: await send(node), moved: null };
	} catch (error) {
		const moved = redirectOf(error);
		if (moved?.kind !== 'MOVED') throw error;
		return { reply: await send(nodeAt(moved.endpoint)), moved };
	}
}

/**
 * Saves several parts of one user in one MSET and reads them back in one MGET. On a Cluster a
 * multi-key command may only name keys of one slot; the shared tag of `userKey` makes it so.
 */
export async function saveAndLoadUser(
	redis: Connection,
	userId: string,
	parts: Record<string, string>
): Promise<Record<string, string | null>> {
	const entries = Object.entries(parts).map(([part, value]) => [userKey(userId, part), value]);
	await redis.mset(Object.fromEntries(entries));
	const values = await redis.mget(entries.map(([key]) => key!));
	return Object.fromEntries(entries.map(([key], i) => [key, values[i] ?? null]));
}
