import type { PatternContext } from '../pattern-support';
import { defineScript, execAll, runScript } from '../pattern-support';

export const TTL_SECONDS = 60;

/** The set of every cached key that carries a tag. */
export const tagKey = (tag: string) => `tag:${tag}`;

/**
 * Caches a value and records its key in the set of each of its tags, in one MULTI: no reader
 * ever sees the value without its tags. A tag set must outlive its members, so it gets their
 * TTL when it has none (NX) and a longer one when a member needs it (GT).
 */
export async function setWithTags(
	{ redis }: PatternContext,
	key: string,
	value: string,
	tags: string[],
	ttlSeconds = TTL_SECONDS
) {
	const tx = redis.multi().set(key, value, 'EX', ttlSeconds);
	for (const tag of tags) {
		tx.sadd(tagKey(tag), key)
			.expire(tagKey(tag), ttlSeconds, 'NX')
			.expire(tagKey(tag), ttlSeconds, 'GT');
	}
	await execAll(tx);
}

export interface TaggedKey {
	key: string;
	/** False when the key had already expired or been deleted: a stale member. */
	deleted: boolean;
}

/**
 * Invalidates a tag: deletes every key in its set and takes exactly those members out. A key
 * tagged while this runs is not in the list, so it keeps its membership for the next time.
 * SMEMBERS is O(N): for tags with many thousands of keys, walk the set with SSCAN instead.
 */
export async function invalidateTag({ redis }: PatternContext, tag: string): Promise<TaggedKey[]> {
	const members = (await redis.smembers(tagKey(tag))).sort();
	if (!members.length) return [];
	const tx = redis.multi();
	for (const key of members) tx.del(key);
	tx.srem(tagKey(tag), ...members);
	const replies = await execAll(tx);
	return members.map((key, i) => ({ key, deleted: replies[i] === 1 }));
}

// KEYS[1] is the tag set, KEYS[2..] the member keys, ARGV the members as stored in the set.
// Checking and removing in one script closes the race in which a key is cached again between
// the EXISTS and the SREM, and would lose its tag.
const PRUNE = defineScript(`
local removed = {}
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('SREM', KEYS[1], ARGV[i - 1])
    removed[#removed + 1] = ARGV[i - 1]
  end
end
return removed
`);

/**
 * Takes out of a tag's set the members whose keys are gone (expired, or deleted through another
 * tag), batch by batch with SSCAN, so a tag that is never invalidated does not grow forever.
 */
export async function pruneTag({ redis }: PatternContext, tag: string, batchSize = 100) {
	// SSCAN may return a member twice: sets keep each name once.
	const kept = new Set<string>();
	const removed = new Set<string>();
	let cursor = '0';
	do {
		const [next, members] = await redis.sscan(tagKey(tag), cursor, 'COUNT', batchSize);
		cursor = next;
		if (!members.length) continue;
		const gone = (await runScript(redis, PRUNE, [tagKey(tag), ...members], members)) as string[];
		for (const member of members) (gone.includes(member) ? removed : kept).add(member);
	} while (cursor !== '0');
	return { kept: [...kept].filter((m) => !removed.has(m)).sort(), removed: [...removed].sort() };
}
