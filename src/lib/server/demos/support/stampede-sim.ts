/**
 * The stampede lab's simulation: a hot key that has just expired (or is about to, or has gone
 * stale), then `requests` clients spread over `instances` app servers, fired at it all at once,
 * each through the strategy's pattern. Everything here is the demo's (clients, instances, the
 * failing database, a holder that dies, the timeline and percentiles); the patterns only read.
 */
import type { PatternContext } from '../../pattern-support';
import { REVENUE_BY_PRODUCT_SQL } from '../../patterns/aggregate-query';
import { lockKey } from '../../patterns/lock';
import { LOCK_TTL_MS } from '../../patterns/mutex-recompute';
import { readHotKey, type Strategy } from '../../patterns/stampede';
import { storeFresh, type Reload } from '../../patterns/stale-while-revalidate';
import { readEntry, recompute } from '../../patterns/xfetch';
import type { DemoContext } from '../../sandbox/sandboxes';

/** The best sellers on the home page: one key every visitor reads. */
export const HOT_KEY = 'hot:best-sellers';
export const DATABASES = ['up', 'failing'] as const;
export type Database = (typeof DATABASES)[number];
export const BETAS = ['0.5', '1', '2', '4'] as const;

/** For early-refresh and xfetch-locked, the key is left to expire this many recompute times after the burst starts. */
const EXPIRES_IN_RECOMPUTES = 2;
/**
 * The failing database is the real one refusing a statement: the slow-database latency is
 * waited first, as a database that does not answer makes its clients wait.
 */
const FAILING_SQL = 'SELECT * FROM database_down';

import type { StampedeSource as Source, TimelineEntry } from '$lib/types';

export type { Source, TimelineEntry };

export interface StampedeOptions {
	strategy: Strategy;
	requests: number;
	instances: number;
	database: Database;
	beta: number;
	/** mutex: client 1 takes the lock, then its process dies mid-load (tests only). */
	holderDies?: boolean;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The nearest-rank percentile of `sorted` (ascending). */
export function percentile(sorted: number[], q: number) {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The context of one simulated client, its commands and statements labelled with its name. */
const actorOf = (ctx: PatternContext, label: string): PatternContext =>
	'actor' in ctx ? (ctx as DemoContext).actor(label) : ctx;

/**
 * Puts the hot key in the state the strategy is about: gone (none, single-flight, mutex); about
 * to expire, with Δ measured by a real load (early-refresh, xfetch-locked); soft-expired
 * (stale-while-revalidate). Resolves to when the key expires, in ms from now.
 */
async function prepare(ctx: PatternContext, strategy: Strategy): Promise<number> {
	const setup = actorOf(ctx, 'setup');
	await setup.redis.del(HOT_KEY, lockKey(HOT_KEY));
	const load = () => setup.db.all(REVENUE_BY_PRODUCT_SQL);
	if (strategy === 'early-refresh' || strategy === 'xfetch-locked') {
		await recompute(setup, HOT_KEY, load);
		// Δ as the readers will see it (the entry's own), not the wall time of this setup, which
		// includes Redis round trips: so every burst starts with the same odds of an early draw.
		const { entry } = await readEntry(setup, HOT_KEY);
		const expiresInMs = Math.max(1, Math.ceil(EXPIRES_IN_RECOMPUTES * entry!.deltaMs));
		await setup.redis.pexpire(HOT_KEY, expiresInMs);
		return expiresInMs;
	}
	if (strategy === 'stale-while-revalidate') {
		await storeFresh(setup, HOT_KEY, await load(), 0); // fresh for 0 ms: stale from now on
	}
	return 0;
}

/** Fires the burst for real and measures it; resolves once every background reload has ended. */
export async function fireStampede(ctx: PatternContext, options: StampedeOptions) {
	const { strategy, requests, instances, database, beta, holderDies = false } = options;
	const { clock } = ctx;
	const expiresInMs = await prepare(ctx, strategy);

	const inflight = Array.from({ length: instances }, () => new Map<string, Promise<unknown>>());
	const queries = new Map<number, { startMs: number; endMs: number }>();
	const reloads: { client: number; done: Promise<Reload> }[] = [];
	let loading = 0;
	let maxConcurrentRecomputes = 0;
	let dbQueries = 0;
	let earlyRecomputes = 0;
	const t0 = clock.now();
	const at = () => round(clock.now() - t0);

	/** The recompute: the real query, or the failing database's refusal after the same latency. */
	const loadFor = (client: number, actor: PatternContext) => async () => {
		const startMs = at();
		dbQueries++;
		maxConcurrentRecomputes = Math.max(maxConcurrentRecomputes, ++loading);
		try {
			if (database === 'up') return await actor.db.all(REVENUE_BY_PRODUCT_SQL);
			try {
				await actor.db.all(FAILING_SQL);
			} catch {
				/* the database's own refusal; what the client sees is said below */
			}
			throw new Error('the database is down: the query failed after the slow-database delay');
		} finally {
			loading--;
			queries.set(client, { startMs, endMs: at() });
		}
	};

	const request = async (
		client: number,
		dies?: () => void
	): Promise<TimelineEntry & { message?: string }> => {
		const instance = ((client - 1) % instances) + 1;
		let actor = actorOf(ctx, `client ${client} · instance ${instance}`);
		let load = loadFor(client, actor);
		if (dies) {
			// Its process dies once it holds the lock: from then on nothing it sends reaches
			// Redis, so its lease is no longer renewed, and its load never ends.
			let dead = false;
			const redis = actor.redis;
			actor = {
				...actor,
				redis: new Proxy(redis, {
					get(target, prop, receiver) {
						const value: unknown = Reflect.get(target, prop, receiver);
						return dead && typeof value === 'function'
							? () => Promise.reject(new Error('Connection is closed.'))
							: value;
					}
				})
			};
			load = async () => {
				dbQueries++;
				dead = true;
				dies();
				await clock.sleep(LOCK_TTL_MS * 1.5);
				throw new Error('died mid-load');
			};
		}
		const startMs = at();
		try {
			const read = await readHotKey(actor, strategy, HOT_KEY, load, {
				inflight: inflight[instance - 1]!,
				beta
			});
			const endMs = at();
			if (read.reload) reloads.push({ client, done: read.reload });
			if (read.early) earlyRecomputes++;
			const query = queries.get(client);
			const ownQueryMs = query && query.endMs <= endMs ? query.endMs - query.startMs : 0;
			return {
				client,
				instance,
				startMs,
				endMs,
				source: read.source,
				waitedMs: round(read.waitedMs + ownQueryMs),
				...(query && { query })
			};
		} catch (error) {
			const endMs = at();
			const query = queries.get(client);
			const message = dies
				? 'the lock holder died mid-load (its connection closed, its lease lapsed)'
				: (error as Error).message;
			return {
				client,
				instance,
				startMs,
				endMs,
				source: 'error',
				waitedMs: round(endMs - startMs),
				...(query && { query }),
				message
			};
		}
	};

	const clients = Array.from({ length: requests }, (_, i) => i + 1);
	let settled: (TimelineEntry & { message?: string })[];
	if (holderDies && strategy === 'mutex') {
		let holding!: () => void;
		const held = new Promise<void>((resolve) => (holding = resolve));
		const holder = request(1, holding);
		await held;
		settled = await Promise.all([holder, ...clients.slice(1).map((client) => request(client))]);
	} else {
		settled = await Promise.all(clients.map((client) => request(client)));
	}
	const reloadResults = await Promise.all(
		reloads.map(async ({ client, done }) => ({ client, result: await done }))
	);
	// Background reloads finished after their request did: their query spans are complete now.
	const timeline: TimelineEntry[] = settled.map(({ message: _message, ...entry }) => {
		const query = queries.get(entry.client);
		return query ? { ...entry, query } : entry;
	});

	const latencies = timeline.map((t) => t.endMs - t.startMs).sort((a, b) => a - b);
	const count = (source: Source) => timeline.filter((t) => t.source === source).length;
	const messages = new Map<string, number>();
	for (const { message } of settled)
		if (message) messages.set(message, (messages.get(message) ?? 0) + 1);
	for (const { result } of reloadResults) {
		if (!result.ok) {
			const message = `background reload failed: ${result.error.message}`;
			messages.set(message, (messages.get(message) ?? 0) + 1);
		}
	}
	const errors = count('error');
	return {
		strategy,
		instances,
		database,
		...(strategy === 'early-refresh' || strategy === 'xfetch-locked' ? { beta } : {}),
		requests,
		served: requests - errors,
		errors,
		stale: count('stale'),
		dbQueries,
		maxConcurrentRecomputes,
		...(strategy === 'early-refresh' ? { earlyRecomputes } : {}),
		latency: {
			p50: round(percentile(latencies, 0.5)),
			p99: round(percentile(latencies, 0.99)),
			max: round(latencies.at(-1) ?? 0)
		},
		/** When the hot key expired (or, for stale-while-revalidate, went stale), in ms from the start. */
		keyExpiresAtMs: expiresInMs,
		...(messages.size
			? { messages: [...messages].map(([message, count]) => ({ message, count })) }
			: {}),
		timeline
	};
}

export type StampedeResult = Awaited<ReturnType<typeof fireStampede>>;
