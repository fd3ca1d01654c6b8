import { randomBytes } from 'node:crypto';
import { SELECT_PRODUCT, type Product } from '../db/products';
import {
	CHANNEL,
	keepLocally,
	newLocalCache,
	onInvalidation,
	publishInvalidation,
	readOnServer,
	readShared,
	updateStock,
	type LocalCache
} from '../patterns/distributed-invalidation';
import type { PatternContext } from '../pattern-support';
import { memoryKey } from '../pattern-support';
import { productKey } from '../patterns/event-invalidation';
import type { DemoContext } from '../sandbox/sandboxes';
import { choice, defineDemo, type DemoRun } from './define';

const SERVERS = ['A', 'B'] as const;
type ServerName = (typeof SERVERS)[number];
const PRODUCT_ID = 1;
const KEY = productKey(PRODUCT_ID);

type Caches = Record<ServerName, LocalCache>;

/** The two simulated app servers' in-process caches, kept in the learner's memory. */
const CACHES = memoryKey('two-servers:caches', (): Caches => ({
	A: newLocalCache(),
	B: newLocalCache()
}));

/** Demos waiting for their own message: message id → what to do with the servers that dropped it. */
type Waiters = Map<string, (dropped: ServerName[]) => void>;

/**
 * Both servers listen on the learner's channel while an update is on its way: each message
 * drops the key from both, and the update that sent it learns which servers still had a copy.
 */
async function listening(ctx: PatternContext, caches: Caches) {
	const waiters: Waiters = new Map();
	const stop = await ctx.subscribe(CHANNEL, (message) => {
		const dropped = SERVERS.filter((name) => onInvalidation(caches[name], message));
		const id = idOf(message);
		if (id) waiters.get(id)?.(dropped);
	});
	return { waiters, stop };
}

function idOf(message: string): string | undefined {
	try {
		const { id } = JSON.parse(message) as { id?: unknown };
		return typeof id === 'string' ? id : undefined;
	} catch {
		return undefined; // a learner may publish anything on the channel from the console
	}
}

/** Resolves with what the handler did once the message carrying `id` arrived, or rejects. */
function arrival(waiters: Waiters, id: string, timeoutMs = 1000): Promise<ServerName[]> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			waiters.delete(id);
			reject(new Error(`the message on ${CHANNEL} did not arrive within ${timeoutMs} ms`));
		}, timeoutMs);
		waiters.set(id, (dropped) => {
			clearTimeout(timer);
			waiters.delete(id);
			resolve(dropped);
		});
	});
}

/** What each server holds in its own memory right now. */
function serversNow(caches: Caches, now: number) {
	return SERVERS.map((server) => {
		const copy = caches[server].copies.get(KEY);
		const leftMs = copy ? copy.expiresAt - now : 0;
		return {
			server,
			[`${KEY} in memory`]: copy && leftMs > 0 ? `stock ${copy.value.stock}` : 'none',
			'expires in': copy && leftMs > 0 ? `${Math.ceil(leftMs / 1000)} s` : ''
		};
	});
}

const SOURCE = { memory: 'its own memory', redis: 'Redis', database: 'SQLite' } as const;

/**
 * Server A updates and publishes, both servers listening; resolves once the message has reached
 * them, with how many subscribers Redis counted and which servers dropped a copy.
 */
async function updateAndPublish(ctx: PatternContext, caches: Caches) {
	const { waiters, stop } = await listening(ctx, caches);
	try {
		const product = await updateStock(ctx, caches.A, PRODUCT_ID);
		const messageId = randomBytes(8).toString('hex');
		const arrived = arrival(waiters, messageId);
		arrived.catch(() => {}); // awaited below, unless the publish itself fails
		const receivers = await publishInvalidation(ctx, KEY, 'A', messageId);
		return { product, receivers, dropped: await arrived };
	} finally {
		await stop();
	}
}

/**
 * The race, for real: B misses and reads the shared copy, then A commits, deletes and publishes,
 * and B's handler runs, all before B stores what it read. Without the version check B keeps the
 * old stock for a minute; with it, B declines to keep it.
 */
async function race(ctx: DemoContext, caches: Caches, checked: boolean) {
	const [a, b] = [ctx.actor('server A'), ctx.actor('server B')];
	caches.B.copies.delete(KEY); // the race starts with a miss on B
	const version = caches.B.invalidations.get(KEY) ?? 0;
	const { value } = await readShared(b, PRODUCT_ID);
	const { product } = await updateAndPublish(a, caches);
	const kept = checked
		? keepLocally(b, caches.B, KEY, value, version)
		: (caches.B.copies.set(KEY, { value, expiresAt: b.clock.now() + 60_000 }), true);
	return { read: value.stock, committed: product.stock, kept };
}

const ACTIONS = ['read-on-a', 'read-on-b', 'update', 'race'] as const;

export default defineDemo({
	id: 'two-servers',
	title: 'Two app servers, each with its own cache',
	button: 'Run',
	pattern: 'distributed-invalidation',
	runs: 'readOnServer',
	inputs: {
		action: choice('Action', ACTIONS, 'read-on-a'),
		invalidation: choice('Invalidation', ['on', 'off'] as const, 'on')
	},
	async run(ctx, { action, invalidation }) {
		// The two servers' memories, read for this click and kept again after it, whatever it did.
		const caches = await ctx.memory.get(CACHES);
		try {
			if (action === 'race') return await raceBoth(ctx, caches);
			if (action === 'update') {
				return invalidation === 'on'
					? await updateWithMessage(ctx, caches)
					: await updateSilently(ctx, caches);
			}
			return await readOn(ctx, caches, action === 'read-on-a' ? 'A' : 'B');
		} finally {
			await ctx.memory.set(CACHES, caches);
		}
	}
});

/** The race without the version check, then with it. */
async function raceBoth(ctx: DemoContext, caches: Caches): Promise<DemoRun> {
	const naive = await race(ctx, caches, false);
	const naiveLeft = serversNow(caches, ctx.clock.now())[1]!;
	const fixed = await race(ctx, caches, true);
	const fixedLeft = serversNow(caches, ctx.clock.now())[1]!;
	const row = (step: string, without: unknown, withCheck: unknown) => ({
		step,
		'without the version check': without,
		'with the version check': withCheck
	});
	return {
		outcome: 'done',
		result: {
			race: [
				row('B misses, reads the shared copy: stock', naive.read, fixed.read),
				row('A commits, DELs, publishes: stock', naive.committed, fixed.committed),
				row("B's handler runs (it had no copy to drop)", 'yes', 'yes'),
				row(
					'B stores what it read',
					naive.kept ? 'kept' : 'declined',
					fixed.kept ? 'kept' : 'declined'
				),
				row(`B's memory afterwards`, naiveLeft[`${KEY} in memory`], fixedLeft[`${KEY} in memory`])
			],
			servers: serversNow(caches, ctx.clock.now())
		},
		summary: `race: without the check B kept stock ${naive.read} while SQLite had ${naive.committed}; with it B kept nothing`
	};
}

async function updateSilently(ctx: DemoContext, caches: Caches): Promise<DemoRun> {
	const product = await updateStock(ctx, caches.A, PRODUCT_ID);
	return {
		outcome: 'write',
		result: {
			'stock in SQLite': product.stock,
			[`${KEY} in Redis`]: 'deleted',
			message: `none: invalidation is off, nothing published on ${CHANNEL}`,
			servers: serversNow(caches, ctx.clock.now())
		},
		summary: `server A: stock is now ${product.stock}; nothing tells server B`
	};
}

async function updateWithMessage(ctx: DemoContext, caches: Caches): Promise<DemoRun> {
	const { product, receivers, dropped } = await updateAndPublish(ctx, caches);
	return {
		outcome: 'invalidated',
		result: {
			'stock in SQLite': product.stock,
			[`${KEY} in Redis`]: 'deleted',
			message: `published on ${CHANNEL}, received by ${receivers} subscriber`,
			'dropped on the message': dropped.length ? dropped.join(', ') : 'no server still had a copy',
			servers: serversNow(caches, ctx.clock.now())
		},
		summary: `server A: stock is now ${product.stock}; the message dropped ${KEY} on ${dropped.length ? dropped.join(' and ') : 'no server'}`
	};
}

async function readOn(ctx: DemoContext, caches: Caches, server: ServerName): Promise<DemoRun> {
	const started = performance.now();
	const { value, from } = await readOnServer(ctx, caches[server], PRODUCT_ID);
	const readMs = (performance.now() - started).toFixed(2);
	// After a hit, the demo reads the row once more, only to say whether the copy is current:
	// not part of the read, so it is labelled apart in the SQL trace and left out of its time.
	const current =
		from === 'database'
			? value
			: await ctx.actor('check, not the read').db.get<Product>(SELECT_PRODUCT, PRODUCT_ID);
	const stale = JSON.stringify(current) !== JSON.stringify(value);
	const source = from === 'memory' ? `server ${server}'s memory` : SOURCE[from];
	return {
		outcome: stale ? 'stale' : from === 'database' ? 'miss' : 'hit',
		result: {
			'read time': `${readMs} ms from ${source}`,
			server,
			'served from': source,
			stock: value.stock,
			'stock in SQLite': current?.stock,
			...(from === 'database'
				? {}
				: {
						check: `a SELECT after the read, labelled "check, not the read" in the SQL trace; the time in all includes it`
					}),
			servers: serversNow(caches, ctx.clock.now())
		},
		summary: `server ${server}: stock ${value.stock} from ${from === 'memory' ? 'its own memory' : SOURCE[from]} in ${readMs} ms${stale ? `, but SQLite has ${current?.stock}` : ''}`,
		headline: { ms: Number(readMs), what: `to read from ${source}` }
	};
}
