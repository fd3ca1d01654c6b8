import type { Cluster, Redis } from 'ioredis';
import { defineScript, runScript } from '../pattern-support/lua';
import type { Namespace, ScanOptions } from './namespace';

/**
 * Every learner's key names are kept in a set of their own (`Namespace.indexKey`), added to in
 * the same round trip as each write (traced-client.ts, console.ts). Everything that enumerates a
 * learner's keys reads that set, so its cost follows the learner's own keys, never the number
 * of other learners. A name whose key is gone (expired, deleted) is pruned when it is found.
 */
type Connection = Redis | Cluster;

/**
 * One SCAN step over the index: SSCAN for the names, TYPE for each (expired keys answer none),
 * prune the gone ones. One script, so the step is one round trip and the pruning cannot race a
 * write that brings a name back. The keys it reads all share the index's hash slot.
 */
const SCAN_INDEX = defineScript(`
local page = redis.call('SSCAN', KEYS[1], ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
local found = {}
for _, name in ipairs(page[2]) do
  local kind = redis.call('TYPE', ARGV[5] .. name)['ok']
  if kind == 'none' then
    redis.call('SREM', KEYS[1], name)
  elseif ARGV[4] == '' or kind == ARGV[4] then
    found[#found + 1] = name
  end
end
return {page[1], found}
`);

/** The EVALSHA of one SCAN step, to queue inside a MULTI (load the script first: `loadScanScript`). */
export const scanCommand = (ns: Namespace, { cursor, match, count, type }: ScanOptions) => [
	'evalsha',
	SCAN_INDEX.sha,
	'1',
	ns.indexKey,
	cursor,
	match,
	String(count),
	type ?? '',
	ns.prefix
];

/** Makes sure the server knows the script, so that an EVALSHA queued in a MULTI finds it. */
export const loadScanScript = (redis: Connection) => redis.script('LOAD', SCAN_INDEX.source);

/** One SCAN step over the learner's keys: `[next cursor, names]`, as SCAN replies. */
export async function scanIndex(
	redis: Connection,
	ns: Namespace,
	{ cursor, match, count, type }: ScanOptions
): Promise<[string, string[]]> {
	const reply = await runScript(
		redis,
		SCAN_INDEX,
		[ns.indexKey],
		[cursor, match, count, type ?? '', ns.prefix]
	);
	const [next, names] = reply as [string, string[]];
	return [String(next), names];
}

/** The learner's key names matching a glob pattern (as KEYS), at most `limit` of them. */
export async function indexedKeys(
	redis: Connection,
	ns: Namespace,
	match = '*',
	limit = Infinity
): Promise<string[]> {
	const found = new Set<string>(); // SSCAN may return a name twice
	let cursor = '0';
	do {
		const [next, names] = await scanIndex(redis, ns, { cursor, match, count: 500, type: null });
		for (const name of names) found.add(name);
		cursor = next;
	} while (cursor !== '0' && found.size < limit);
	return [...found].slice(0, limit);
}

/** Walks the index in batches of full key names, without checking that the keys exist. */
async function* batches(redis: Connection, indexKey: string, ns: Namespace) {
	let cursor = '0';
	do {
		const [next, names] = await redis.sscan(indexKey, cursor, 'COUNT', 500);
		cursor = next;
		if (names.length) yield names.map((name) => ns.key(name));
	} while (cursor !== '0');
}

/**
 * Deletes every key of the learner. The index is renamed first, atomically: a write that lands
 * meanwhile starts a new index and its key survives, rather than escaping the index.
 */
export async function deleteAll(redis: Connection, ns: Namespace): Promise<number> {
	const draining = `${ns.indexKey}#reset`;
	try {
		await redis.rename(ns.indexKey, draining);
	} catch (error) {
		if (/no such key/i.test((error as Error).message)) return 0; // nothing was ever written
		throw error;
	}
	let removed = 0;
	for await (const keys of batches(redis, draining, ns)) removed += await redis.unlink(...keys);
	await redis.del(draining);
	return removed;
}

/**
 * Gives every key without a TTL this one (EXPIRE ... NX keeps shorter TTLs), and the index a TTL
 * longer than its longest-lived key, so that nothing a learner leaves behind stays forever.
 */
export async function expireAll(redis: Connection, ns: Namespace, ttlSeconds: number) {
	let longestMs = ttlSeconds * 1000;
	for await (const keys of batches(redis, ns.indexKey, ns)) {
		const pipeline = redis.pipeline();
		for (const key of keys) pipeline.expire(key, ttlSeconds, 'NX').pttl(key);
		for (const [error, reply] of (await pipeline.exec()) ?? []) {
			if (error) throw error;
			if (typeof reply === 'number') longestMs = Math.max(longestMs, reply);
		}
	}
	await redis.pexpire(ns.indexKey, longestMs + 60_000);
}

/** The learner is back: their index must not expire under them. */
export const keepIndex = (redis: Connection, ns: Namespace) => redis.persist(ns.indexKey);
