import { describe, expect, it } from 'vitest';
import { CUSTOMERS } from '$lib/server/db/seed';
import type { PatternContext } from '$lib/server/pattern-support';
import {
	FAILED_KEY,
	PROCESSING_KEY,
	applyToDatabase,
	queueLagMs,
	QUEUE_KEY,
	cacheKey,
	flush,
	naiveFlush,
	recover,
	writeBehind,
	type Apply,
	type Field,
	type QueuedWrite
} from '$lib/server/patterns/write-behind';
import { lag } from '$lib/server/demos/support/write-behind-view';
import { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

type CustomerRow = { id: number; email: string; city: string };
const rowOf = (ctx: PatternContext, id: number) =>
	ctx.db.get<CustomerRow>('SELECT id, email, city FROM customers WHERE id = ?', id);
const seeded = (id: number) => {
	const [, , email, city] = CUSTOMERS[id - 1]!;
	return { id, email, city };
};

/**
 * Counts every write that reaches SQLite: a trigger in this sandbox's own database logs each
 * UPDATE of a customer's email or city, with the value it set.
 */
async function countApplications(ctx: PatternContext) {
	await ctx.db.run('CREATE TABLE applied (customer INTEGER, field TEXT, value TEXT)');
	for (const field of ['email', 'city'] as const) {
		await ctx.db.run(
			`CREATE TRIGGER applied_${field} AFTER UPDATE OF ${field} ON customers
			BEGIN INSERT INTO applied VALUES (NEW.id, '${field}', NEW.${field}); END`
		);
	}
	return () =>
		ctx.db.all<{ customer: number; field: Field; value: string }>(
			'SELECT customer, field, value FROM applied ORDER BY rowid'
		);
}

class Crashed extends Error {
	constructor(readonly writes: QueuedWrite[]) {
		super('the process died holding a batch');
	}
}

/** A process that dies after taking a batch and before SQLite sees it. */
const dieHolding: Apply = async (writes) => {
	throw new Crashed(writes);
};

/** Runs a flush that dies holding its batch and returns the writes it held. */
async function crash(flushing: Promise<unknown>): Promise<QueuedWrite[]> {
	const error = await flushing.then(
		() => null,
		(error: unknown) => error
	);
	expect(error).toBeInstanceOf(Crashed);
	return (error as Crashed).writes;
}

const lengths = async (sandbox: Sandbox) => ({
	queue: await plain.llen(sandbox.prefix + QUEUE_KEY),
	processing: await plain.llen(sandbox.prefix + PROCESSING_KEY)
});

describe('write-behind: the write', () => {
	it('returns before the database has the value: cache and queue in one MULTI, no SQL', async () => {
		const sandbox = newSandbox();
		const write = await request(sandbox, 50);
		const { item, queueLength } = await writeBehind(write.ctx, 1, 'city', 'Paris');

		expect(write.sql).toEqual([]);
		expect(write.trace.map(({ cmd, args }) => [cmd, ...args.slice(0, 2)])).toEqual([
			['MULTI'],
			['HSET', 'customer:1', 'city'],
			['RPUSH', QUEUE_KEY, JSON.stringify(item)],
			['EXEC']
		]);
		expect(write.trace.every(({ batch }) => batch === 'multi')).toBe(true);
		expect(queueLength).toBe(1);
		expect(item).toMatchObject({ customerId: 1, field: 'city', value: 'Paris' });

		// Acknowledged: the cache has it, the queue has it, the database does not yet.
		expect(await plain.hgetall(sandbox.prefix + cacheKey(1))).toEqual({ city: 'Paris' });
		expect(await plain.lrange(sandbox.prefix + QUEUE_KEY, 0, -1)).toEqual([JSON.stringify(item)]);
		expect(await plain.ttl(sandbox.prefix + cacheKey(1))).toBe(-1);
		const look = await request(sandbox);
		expect(await rowOf(look.ctx, 1)).toEqual(seeded(1));
		expect(await lag(look.ctx, [1])).toEqual({
			queue: 1,
			processing: 0,
			copies: [
				{ customer: 1, copy: 'cache customer:1', email: '(not cached)', city: 'Paris' },
				{ customer: 1, copy: 'database', email: seeded(1).email, city: seeded(1).city }
			]
		});
	});
});

/** The commands a run sent, without the one-time SCRIPT LOAD of a script the server had not seen. */
const commandsOf = (trace: { cmd: string; reply: string }[]) =>
	trace
		.filter(({ cmd, reply }) => cmd !== 'SCRIPT' && !reply.includes('NOSCRIPT'))
		.map(({ cmd }) => cmd);

describe('write-behind: the reliable flusher', () => {
	it('takes the queue in one script, keeps the latest value per row and field, commits one transaction, then acknowledges', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const nantes = await writeBehind(ctx, 3, 'city', 'Nantes');
		const ghent = await writeBehind(ctx, 3, 'city', 'Ghent');
		const email = await writeBehind(ctx, 3, 'email', 'chen@new.example');
		const brno = await writeBehind(ctx, 4, 'city', 'Brno');

		const run = await request(sandbox, 50);
		const { recovered, taken, applied, failed } = await flush(run.ctx);
		expect({ recovered, failed }).toEqual({ recovered: 0, failed: [] });
		expect(taken).toEqual([nantes.item, ghent.item, email.item, brno.item]);
		// 4 queued → 3 statements: Nantes is overwritten by Ghent before it reaches SQLite.
		expect(applied).toEqual([ghent.item, email.item, brno.item]);
		expect(commandsOf(run.trace)).toEqual(['LMOVE', 'EVALSHA', 'EVALSHA']);
		expect(run.sql.map(({ sql, params, addedLatencyMs }) => [sql, params, addedLatencyMs])).toEqual(
			[
				['UPDATE customers SET city = ? WHERE id = ?', ['Ghent', 3], 50],
				['UPDATE customers SET email = ? WHERE id = ?', ['chen@new.example', 3], 0],
				['UPDATE customers SET city = ? WHERE id = ?', ['Brno', 4], 0]
			]
		);
		expect(await rowOf(run.ctx, 3)).toEqual({
			...seeded(3),
			city: 'Ghent',
			email: 'chen@new.example'
		});
		expect((await rowOf(run.ctx, 4))!.city).toBe('Brno');
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 0 });
	});

	it('takes at most max writes; the rest wait for the next flush', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		for (const city of ['A', 'B', 'C']) await writeBehind(ctx, 2, 'city', city);
		expect((await flush(ctx, { max: 2 })).applied.map((w) => w.value)).toEqual(['B']);
		expect(await lengths(sandbox)).toEqual({ queue: 1, processing: 0 });
		expect((await flush(ctx)).applied.map((w) => w.value)).toEqual(['C']);
	});

	it('reports how long the oldest queued write has waited', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		expect(await queueLagMs(ctx)).toBe(0);
		await writeBehind(ctx, 1, 'city', 'Oslo');
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(await queueLagMs(ctx)).toBeGreaterThanOrEqual(30);
		await flush(ctx);
		expect(await queueLagMs(ctx)).toBe(0);
	});

	it('stops for real between the take and the commit: the batch waits in processing', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { item } = await writeBehind(ctx, 4, 'city', 'Brno');

		const run = await request(sandbox);
		expect(await crash(flush(run.ctx, { apply: dieHolding }))).toEqual([item]);
		expect(run.sql).toEqual([]);
		expect(run.trace.at(-1)).toMatchObject({ cmd: 'EVALSHA' });
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 1 });
		expect(await rowOf(ctx, 4)).toEqual(seeded(4));

		expect(await recover(ctx)).toBe(1);
		expect(await lengths(sandbox)).toEqual({ queue: 1, processing: 0 });
		expect((await flush(ctx)).applied).toEqual([item]);
		expect(await rowOf(ctx, 4)).toEqual({ ...seeded(4), city: 'Brno' });
	});

	it('a flush after a crash applies the interrupted batch first, then what came after, in order', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const older = await writeBehind(ctx, 5, 'city', 'Hull');
		const newer = await writeBehind(ctx, 5, 'city', 'Derby');
		expect(await crash(flush(ctx, { apply: dieHolding }))).toEqual([newer.item]);
		const later = await writeBehind(ctx, 5, 'city', 'Leeds');

		const { recovered, taken, applied } = await flush(ctx);
		expect(recovered).toBe(2);
		expect(taken).toEqual([older.item, newer.item, later.item]);
		expect(applied).toEqual([later.item]);
		expect((await rowOf(ctx, 5))!.city).toBe('Leeds');
		expect(await plain.hget(sandbox.prefix + cacheKey(5), 'city')).toBe('Leeds');
	});

	it('under 50 concurrent writes and a crash between take and commit, no acknowledged write is lost and none is applied twice', async () => {
		const sandbox = newSandbox();
		const setup = await request(sandbox);
		const applications = await countApplications(setup.ctx);

		const writes = Array.from({ length: 50 }, (_, i) => {
			const customerId = (i % 8) + 1;
			const field: Field = Math.floor(i / 8) % 2 ? 'email' : 'city';
			const value = field === 'email' ? `w${i}@write-behind.test` : `Town ${i}`;
			return { customerId, field, value };
		});
		// Every write runs as its own request, arriving over about 250 ms; a flusher (1 ms per
		// transaction) works while they arrive.
		let acknowledgedSoFar = 0;
		const acknowledged = Promise.all(
			writes.map(async ({ customerId, field, value }, i) => {
				await new Promise((resolve) => setTimeout(resolve, i * 5));
				const { ctx } = await request(sandbox);
				const ack = await writeBehind(ctx, customerId, field, value);
				acknowledgedSoFar++;
				return ack;
			})
		);
		const flusher = (async () => {
			const { ctx } = await request(sandbox, 1);
			while ((await plain.llen(sandbox.prefix + QUEUE_KEY)) === 0) await Promise.resolve();
			const interrupted = await crash(flush(ctx, { apply: dieHolding }));
			// The crash happens while writes are still arriving.
			expect(acknowledgedSoFar).toBeLessThan(writes.length);
			// The crashed batch is neither in SQLite nor lost: it waits in the processing list.
			expect(await plain.llen(sandbox.prefix + PROCESSING_KEY)).toBeGreaterThanOrEqual(
				interrupted.length
			);
			const during = await flush(ctx);
			expect(during.recovered).toBeGreaterThanOrEqual(interrupted.length);
		})();
		const [results] = await Promise.all([acknowledged, flusher]);
		expect(results).toHaveLength(50);

		const { ctx } = await request(sandbox);
		await flush(ctx);
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 0 });

		// Never twice, never invented: each value reached SQLite at most once, and only values written.
		const log = await applications();
		const values = log.map(({ value }) => value);
		expect(new Set(values).size).toBe(values.length);
		expect(values.every((value) => writes.some((w) => w.value === value))).toBe(true);
		// Coalesced: fewer statements than writes; none lost: the database ends where the cache is.
		expect(log.length).toBeLessThan(writes.length);
		for (let id = 1; id <= 8; id++) {
			const cached = await plain.hgetall(sandbox.prefix + cacheKey(id));
			expect(Object.keys(cached).sort()).toEqual(['city', 'email']);
			expect(await rowOf(ctx, id)).toEqual({ id, ...cached });
		}
	});

	it('a batch left in processing after its commit is applied again on recovery, and the row ends the same', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { item } = await writeBehind(ctx, 6, 'email', 'freya@new.example');
		await flush(ctx);
		// As if the flusher had died after the commit, before its acknowledgement.
		await plain.rpush(sandbox.prefix + PROCESSING_KEY, JSON.stringify(item));

		const again = await flush(ctx);
		expect(again).toMatchObject({ recovered: 1, applied: [item] });
		expect(await rowOf(ctx, 6)).toEqual({ ...seeded(6), email: 'freya@new.example' });
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 0 });
	});

	it('parks a write SQLite refuses on write-behind:failed, drops it from the cache and commits the rest', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		// customers.email is UNIQUE, and bilal@example.com is customer 2's.
		const refused = await writeBehind(ctx, 1, 'email', 'bilal@example.com');
		const next = await writeBehind(ctx, 7, 'city', 'Split');

		const { applied, failed } = await flush(ctx);
		expect(failed).toEqual([refused.item]);
		expect(applied).toEqual([next.item]);
		expect(await plain.lrange(sandbox.prefix + FAILED_KEY, 0, -1)).toEqual([
			JSON.stringify(refused.item)
		]);
		expect(await plain.hget(sandbox.prefix + cacheKey(1), 'email')).toBeNull();
		expect(await rowOf(ctx, 1)).toEqual(seeded(1));
		expect((await rowOf(ctx, 7))!.city).toBe('Split');
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 0 });
	});

	it('keeps a newer cached value when an older write of the same field is refused', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const refused = await writeBehind(ctx, 1, 'email', 'bilal@example.com');
		// A newer write arrives while the flush holds the refused one.
		const apply: Apply = async (writes) => {
			await writeBehind(ctx, 1, 'email', 'ada@later.example');
			return applyToDatabase(ctx)(writes);
		};
		expect((await flush(ctx, { apply })).failed).toEqual([refused.item]);
		expect(await plain.hget(sandbox.prefix + cacheKey(1), 'email')).toBe('ada@later.example');
		expect(await lengths(sandbox)).toEqual({ queue: 1, processing: 0 });
		await flush(ctx);
		expect((await rowOf(ctx, 1))!.email).toBe('ada@later.example');
	});
});

describe('write-behind: the naive LPOP flusher', () => {
	it('loses the writes it held when it crashed between the pop and the commit', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const applications = await countApplications(ctx);
		const { item } = await writeBehind(ctx, 8, 'city', 'Kyoto');

		const run = await request(sandbox);
		expect(await crash(naiveFlush(run.ctx, { apply: dieHolding }))).toEqual([item]);
		expect(run.trace.map(({ cmd, args }) => [cmd, ...args])).toEqual([['LPOP', QUEUE_KEY, '100']]);
		expect(run.sql).toEqual([]);

		// Nothing holds the write any more: no queue, no processing list, and recovery finds nothing.
		expect(await lengths(sandbox)).toEqual({ queue: 0, processing: 0 });
		expect(await recover(ctx)).toBe(0);
		expect(await naiveFlush(ctx)).toEqual({ applied: [] });
		expect(await flush(ctx)).toEqual({ recovered: 0, taken: [], applied: [], failed: [] });

		// Lost: the cache says Kyoto, the database never will.
		expect(await plain.hget(sandbox.prefix + cacheKey(8), 'city')).toBe('Kyoto');
		expect(await rowOf(ctx, 8)).toEqual(seeded(8));
		expect(await applications()).toEqual([]);
	});

	it('applies writes when nothing crashes (it is only the crash that loses one)', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { item } = await writeBehind(ctx, 8, 'email', 'hana@new.example');
		expect(await naiveFlush(ctx)).toEqual({ applied: [item] });
		expect((await rowOf(ctx, 8))!.email).toBe('hana@new.example');
	});
});

describe('the write-behind-crash demo', () => {
	it('labels who sent each command: the app, the flusher that crashes, the restarted one', async () => {
		const { trace } = await runDemo(newSandbox(), 'write-behind-crash');
		const actors = [...new Set(trace.map(({ actor }) => actor))];
		expect(actors).toEqual(
			expect.arrayContaining(['app', 'flusher, crashes holding the batch', 'restarted flusher'])
		);
		expect(trace.find(({ cmd }) => cmd === 'LPOP')?.actor).toBe(
			'flusher, crashes holding the batch'
		);
	});
});
