import type { Bars } from '$lib/types';
import {
	evictionCounters,
	evictionSettings,
	setEvictionPolicy,
	writeEntries,
	type EvictionPolicy
} from '../patterns/eviction';
import { choice, defineDemo } from './define';

export const POLICIES = [
	'noeviction',
	'allkeys-lru',
	'allkeys-lfu',
	'volatile-lru',
	'volatile-ttl'
] as const satisfies readonly EvictionPolicy[];

/** An empty lab server uses about 420 KB of this: room for about 130 values of 4 KB. */
const MAXMEMORY = '1mb';
const VALUE_BYTES = 4000;
/** The LRU clock counts whole seconds: without the pause, every key would look just as recent. */
const PAUSE_MS = 1100;
const NEW_KEYS = 70;
const BATCH = 10;

/** The keys written before the pause, by group: 110 values, about 490 KB. */
const GROUPS = [
	{ group: 'hot', label: 'hot: no TTL, read often', count: 10, ttlSeconds: 0 },
	{ group: 'cold', label: 'cold: no TTL, never read', count: 40, ttlSeconds: 0 },
	{ group: 'ttl-5m', label: 'TTL 5 min, never read', count: 30, ttlSeconds: 300 },
	{ group: 'ttl-1h', label: 'TTL 1 h, never read', count: 30, ttlSeconds: 3600 }
];
const NEW = { group: 'new', label: 'new: written past the limit', count: NEW_KEYS, ttlSeconds: 0 };

const keysOf = (group: string, count: number, from = 1) =>
	Array.from({ length: count }, (_, i) => `${group}:${from + i}`);
const entry = (key: string, ttlSeconds: number) => ({
	key,
	value: `cached fragment ${key} `.padEnd(VALUE_BYTES, '.'),
	ttlSeconds
});

export default defineDemo({
	id: 'eviction',
	title: 'Write past maxmemory 1mb, on a private server',
	button: 'Fill it',
	pattern: 'eviction',
	runs: 'writeEntries',
	draws: ['bars'],
	inputs: { policy: choice('Policy', POLICIES, 'allkeys-lru') },
	async run(ctx, { policy }) {
		const lab = await ctx.lab({ maxmemory: MAXMEMORY });
		const redis = lab.redis;
		await setEvictionPolicy(redis, policy);
		const settings = await evictionSettings(redis);

		const first = GROUPS.flatMap(({ group, count, ttlSeconds }) =>
			keysOf(group, count).map((key) => entry(key, ttlSeconds))
		);
		const fill = await writeEntries(redis, first);
		if (fill.refused.length) {
			throw new Error('The private server was full before the demo began; run it again.');
		}
		await ctx.clock.sleep(PAUSE_MS);

		const hot = keysOf('hot', GROUPS[0]!.count);
		await redis.mget(hot);
		let attempted = 0;
		let refused: string[] = [];
		let error: string | undefined;
		while (attempted < NEW.count && !refused.length) {
			const batch = keysOf(NEW.group, BATCH, attempted + 1).map((key) => entry(key, 0));
			({ refused, error } = await writeEntries(redis, batch));
			attempted += batch.length;
			await redis.mget(hot);
		}

		// At the limit every command, even a read, may evict first: lift it before counting.
		await redis.config('SET', 'maxmemory', 0);
		const [cursor, present] = await redis.scan(0, 'COUNT', 1000);
		if (cursor !== '0') throw new Error('The private server holds more keys than expected.');
		const counters = await evictionCounters(redis);

		const kept = new Set(present);
		const rows = [...GROUPS, { ...NEW, count: attempted }].map(({ group, label, count }) => {
			const written = keysOf(group, count).filter((key) => !refused.includes(key));
			const left = written.filter((key) => kept.has(key)).length;
			return {
				label,
				row: { group, written: written.length, evicted: written.length - left, kept: left }
			};
		});
		const bars: Bars = {
			title: `Kept under ${policy}, per group (% of the keys written)`,
			unit: '%',
			bars: rows.map(({ label, row }) => ({
				label,
				value: row.written ? Math.round((100 * row.kept) / row.written) : 0
			}))
		};
		const evicted = rows.map(({ row }) => row);
		const evictedCount = evicted.reduce((sum, row) => sum + row.evicted, 0);
		const outcome = refused.length ? 'oom' : counters.evictedKeys ? 'evicted' : 'done';
		return {
			outcome,
			result: {
				bars,
				policy: settings.policy,
				'maxmemory (bytes)': settings.maxmemoryBytes,
				'maxmemory-samples': settings.samples,
				evicted,
				evicted_keys: counters.evictedKeys,
				...(refused.length ? { 'refused writes': refused.length, 'refused with': error } : {})
			},
			summary: refused.length
				? `${policy}: nothing evicted; SET ${refused[0]} and ${refused.length - 1} more refused with OOM`
				: `${policy}: ${evictedCount} keys evicted (${evicted
						.filter((row) => row.evicted)
						.map((row) => `${row.group} ${row.evicted}`)
						.join(', ')})`
		};
	}
});
