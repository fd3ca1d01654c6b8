import type { Redis } from 'ioredis';
import type { InspectedKey } from '$lib/types';
import { sharedRedis } from '../redis/connection';
import { indexedKeys } from '../redis/key-index';
import { formatReply } from '../redis/reply-format';
import type { Sandbox } from './sandboxes';

const MAX_KEYS = 200;
const PREVIEW_ITEMS = 5;

/** The first few items of a value, by type: each a command the learner could type themselves. */
function preview(redis: ReturnType<Redis['pipeline']>, type: string, key: string) {
	const last = PREVIEW_ITEMS - 1;
	if (type === 'string') redis.getrange(key, 0, 99);
	else if (type === 'hash') redis.hscan(key, 0, 'COUNT', PREVIEW_ITEMS);
	else if (type === 'list') redis.lrange(key, 0, last);
	else if (type === 'set') redis.sscan(key, 0, 'COUNT', PREVIEW_ITEMS);
	else if (type === 'zset') redis.zrange(key, 0, last, 'WITHSCORES');
	else if (type === 'stream') redis.xrevrange(key, '+', '-', 'COUNT', 1);
	else redis.echo(`(${type})`);
}

const SIZE_COMMAND: Record<string, string> = {
	string: 'strlen',
	hash: 'hlen',
	list: 'llen',
	set: 'scard',
	zset: 'zcard',
	stream: 'xlen'
};

/**
 * The learner's keys with type, TTL, size and a preview: the key index, then two pipelines,
 * whatever the count of the learner's keys, and whatever the count of everybody else's.
 */
export async function inspectKeys(sandbox: Sandbox): Promise<InspectedKey[]> {
	const redis = await sharedRedis();
	const names = (await indexedKeys(redis, sandbox.ns, '*', MAX_KEYS)).sort();
	if (!names.length) return [];
	const full = names.map((name) => sandbox.ns.key(name));
	const first = redis.pipeline();
	for (const key of full) first.type(key).pttl(key);
	const meta = (await first.exec()) ?? [];
	const types = names.map((_, i) => String(meta[i * 2]?.[1] ?? 'none'));

	const second = redis.pipeline();
	full.forEach((key, i) => {
		const type = types[i]!;
		preview(second, type, key);
		second.call(SIZE_COMMAND[type] ?? 'exists', key);
	});
	const details = (await second.exec()) ?? [];
	return names.map((key, i) => {
		// A key changed between the two pipelines (deleted, rewritten as another type): its reply
		// is an error, shown in its preview rather than failing the whole list.
		const [error, raw] = details[i * 2] ?? [];
		const scanned = types[i] === 'hash' || types[i] === 'set'; // HSCAN/SSCAN: [cursor, items]
		const value = scanned && Array.isArray(raw) ? raw[1] : raw;
		return {
			key,
			type: types[i]!,
			ttlMs: Number(meta[i * 2 + 1]?.[1] ?? -2),
			size: Number(details[i * 2 + 1]?.[1] ?? 0),
			preview: formatReply(error ?? value)
				.split('\n')
				.slice(0, PREVIEW_ITEMS * 2)
				.join('\n')
		};
	});
}
