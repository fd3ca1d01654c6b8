/**
 * What a learner owns lives in Redis: two Sandbox objects of one learner play two app instances
 * (each with its own copy of the database) and must show one world.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SELECT_PRODUCT, type Product } from '$lib/server/db/products';
import { memoryKey } from '$lib/server/pattern-support';
import { closeRedis } from '$lib/server/redis/connection';
import { DB_LOG_MAX_ENTRIES, stateKeys } from '$lib/server/sandbox/learner-state';
import { Sandbox } from '$lib/server/sandbox/sandboxes';

const opened: Sandbox[] = [];
const plain = new Redis(inject('redisUrl'));
afterAll(async () => {
	plain.disconnect();
	for (const sandbox of opened) await sandbox.reset();
	for (const sandbox of opened) sandbox.close();
	await closeRedis();
});

/** The same learner as seen by two instances. */
function twoInstances() {
	const id = randomBytes(16).toString('base64url');
	const pair = [new Sandbox(id), new Sandbox(id)] as const;
	opened.push(...pair);
	return pair;
}

async function stockOf(sandbox: Sandbox): Promise<number> {
	const run = await sandbox.request();
	try {
		return (await run.ctx.db.get<Product>(SELECT_PRODUCT, 1))!.stock;
	} finally {
		await run.close();
	}
}

async function setStock(sandbox: Sandbox, stock: number) {
	const run = await sandbox.request();
	try {
		await run.ctx.db.run('UPDATE inventory SET stock = ? WHERE id = 1', stock);
	} finally {
		await run.close();
	}
}

describe('a learner on two instances', () => {
	it('reads on one instance what they wrote on the other, in order', async () => {
		const [a, b] = twoInstances();
		const seeded = await stockOf(b);
		await setStock(a, 7);
		expect(await stockOf(b)).toBe(7);
		await setStock(b, 8);
		await setStock(b, 9);
		expect(await stockOf(a)).toBe(9);
		expect(seeded).not.toBe(9);
	});

	it('replays a write read with get or all (UPDATE … RETURNING) on the other instance', async () => {
		const [a, b] = twoInstances();
		const seeded = await stockOf(b);
		const run = await a.request();
		try {
			const UPDATE = 'UPDATE inventory SET stock = stock + 1 WHERE id = 1 RETURNING stock';
			expect(await run.ctx.db.get<{ stock: number }>(UPDATE)).toEqual({ stock: seeded + 1 });
			expect(await run.ctx.db.all<{ stock: number }>(UPDATE)).toEqual([{ stock: seeded + 2 }]);
		} finally {
			await run.close();
		}
		expect(await stockOf(b)).toBe(seeded + 2);
	});

	it('keeps every write of many concurrent requests on one instance', async () => {
		const [a] = twoInstances();
		const seeded = await stockOf(a);
		// Each request syncs before its statement while the others' appends are on their way.
		await Promise.all(
			Array.from({ length: 40 }, async (_, i) => {
				await new Promise((resolve) => setTimeout(resolve, i % 8)); // staggered, overlapping
				const run = await a.request();
				try {
					await run.ctx.db.get(SELECT_PRODUCT, 1);
					for (let n = 0; n < 3; n++)
						await run.ctx.db.run('UPDATE inventory SET stock = stock + 1 WHERE id = 1');
				} finally {
					await run.close();
				}
			})
		);
		expect(await stockOf(a)).toBe(seeded + 120);
		expect(await stockOf(new Sandbox(a.id))).toBe(seeded + 120); // and the log says the same
	});

	it('converges when both wrote without seeing each other', async () => {
		const [a, b] = twoInstances();
		await Promise.all([stockOf(a), stockOf(b)]); // both copies synced, neither has written
		await Promise.all([setStock(a, 11), setStock(b, 12)]);
		const [seenByA, seenByB] = [await stockOf(a), await stockOf(b)];
		expect(seenByA).toBe(seenByB);
		expect([11, 12]).toContain(seenByA);
	});

	it('a reset on one instance is the seed on the other too', async () => {
		const [a, b] = twoInstances();
		const seeded = await stockOf(a);
		await setStock(a, 3);
		expect(await stockOf(b)).toBe(3);
		await b.reset();
		expect(await stockOf(a)).toBe(seeded);
		await setStock(a, 4);
		expect(await stockOf(b)).toBe(4);
	});

	it('shares the pattern memory and the activity log', async () => {
		const [a, b] = twoInstances();
		const SLOT = memoryKey('test:held', () => new Map<string, number>());
		await a.memory.set(SLOT, new Map([['report', 42]]));
		expect(await b.memory.get(SLOT)).toEqual(new Map([['report', 42]]));
		const entry = {
			demo: 'cache-aside-read',
			outcome: 'miss' as const,
			summary: 's',
			ms: 1,
			at: 1
		};
		await a.log('basic-caching/cache-aside', entry);
		expect(await b.activityOf('basic-caching/cache-aside')).toEqual([entry]);
		await b.reset();
		expect(await a.memory.get(SLOT)).toEqual(new Map());
		expect(await a.activityOf('basic-caching/cache-aside')).toEqual([]);
	});
});

async function addStock(sandbox: Sandbox) {
	const run = await sandbox.request();
	try {
		await run.ctx.db.run('UPDATE inventory SET stock = stock + 1 WHERE id = 1');
	} finally {
		await run.close();
	}
}

describe(`the database log, capped at ${DB_LOG_MAX_ENTRIES} entries`, () => {
	it('is compacted into a snapshot by the instance that fills it; the other follows', async () => {
		const [a, b] = twoInstances();
		const { dbLog, dbSnapshot } = stateKeys(a.id);
		const seeded = await stockOf(b); // b synced before the compaction
		for (let i = 0; i < DB_LOG_MAX_ENTRIES + 10; i++) await addStock(a);
		expect(await plain.llen(dbLog)).toBe(10);
		expect(await plain.strlen(dbSnapshot)).toBeGreaterThan(0);
		expect(await plain.pttl(dbSnapshot)).toBeGreaterThan(0);
		expect(await stockOf(a)).toBe(seeded + DB_LOG_MAX_ENTRIES + 10);
		expect(await stockOf(b)).toBe(seeded + DB_LOG_MAX_ENTRIES + 10);
		expect(await stockOf(new Sandbox(a.id))).toBe(seeded + DB_LOG_MAX_ENTRIES + 10);
	});

	it('loses no write of two instances writing at once across compactions', async () => {
		const [a, b] = twoInstances();
		const { dbLog } = stateKeys(a.id);
		const seeded = await stockOf(a);
		const writes = DB_LOG_MAX_ENTRIES; // two logs in all
		const lane = async (sandbox: Sandbox, lag: number) => {
			for (let i = 0; i < writes; i++) {
				if (i % 50 === lag) await new Promise((resolve) => setTimeout(resolve, 1));
				await addStock(sandbox);
			}
		};
		// Both at once: each instance's appends land between the other's sync and append.
		await Promise.all([lane(a, 0), lane(b, 25)]);
		const total = seeded + 2 * writes;
		expect(await plain.llen(dbLog)).toBeLessThan(DB_LOG_MAX_ENTRIES);
		expect(await stockOf(a)).toBe(total);
		expect(await stockOf(b)).toBe(total);
		expect(await stockOf(new Sandbox(a.id))).toBe(total);
	}, 60_000); // each write of one instance makes the other rebuild: slow on a loaded machine

	it('a reset drops the snapshot too: the seed on both instances', async () => {
		const [a, b] = twoInstances();
		const seeded = await stockOf(a);
		for (let i = 0; i < DB_LOG_MAX_ENTRIES; i++) await addStock(a);
		expect(await plain.exists(stateKeys(a.id).dbSnapshot)).toBe(1);
		await b.reset();
		expect(await plain.exists(stateKeys(a.id).dbSnapshot)).toBe(0);
		expect(await stockOf(a)).toBe(seeded);
		expect(await stockOf(new Sandbox(a.id))).toBe(seeded);
	});
});
