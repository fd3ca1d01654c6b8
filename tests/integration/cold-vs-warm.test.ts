import { describe, expect, it } from 'vitest';
import { SELECT_PRODUCT } from '$lib/server/db/products';
import { INVENTORY, PRODUCT_COUNT } from '$lib/server/db/seed';
import { coldThenWarm, median, productKey } from '$lib/server/patterns/cold-vs-warm';
import { TTL_SECONDS } from '$lib/server/patterns/cache-aside';
import { request as requestOf, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

async function request(slowDbMs: number) {
	const sandbox = newSandbox();
	return { sandbox, ...(await requestOf(sandbox, slowDbMs)) };
}

const productOf = (read: number) => ((read - 1) % PRODUCT_COUNT) + 1;

describe('cold vs warm', () => {
	it('cold reads all miss and run one statement each; warm reads all hit and run no SQL', async () => {
		const reads = 25;
		const { sandbox, ctx, trace, sql } = await request(5);
		const { cold, warm } = await coldThenWarm(ctx, reads);

		expect(cold.map((r) => [r.read, r.product, r.hit])).toEqual(
			Array.from({ length: reads }, (_, i) => [i + 1, productOf(i + 1), false])
		);
		expect(warm.map((r) => [r.read, r.product, r.hit])).toEqual(
			Array.from({ length: reads }, (_, i) => [i + 1, productOf(i + 1), true])
		);

		// One SELECT per cold read, in read order, each with the 5 ms of slow database; none after.
		expect(sql.map((s) => [s.sql, s.params, s.rows, s.addedLatencyMs])).toEqual(
			cold.map((r) => [SELECT_PRODUCT, [r.product], 1, 5])
		);

		// Cold: DEL (outside the timing), GET → (nil), SET ... EX 60. Warm: one GET that finds it.
		const coldTrace = trace.slice(0, reads * 3);
		const warmTrace = trace.slice(reads * 3);
		cold.forEach(({ product }, i) => {
			const key = productKey(product);
			const [del, get, set] = coldTrace.slice(i * 3, i * 3 + 3);
			expect(del).toMatchObject({ cmd: 'DEL', args: [key] });
			expect(get).toMatchObject({ cmd: 'GET', args: [key], reply: '(nil)' });
			expect(set).toMatchObject({ cmd: 'SET', reply: 'OK' });
			expect(set!.args).toEqual([key, expect.any(String), 'EX', String(TTL_SECONDS)]);
			expect(JSON.parse(set!.args[1]!)).toMatchObject({
				id: product,
				name: INVENTORY[product - 1]![1]
			});
		});
		expect(warmTrace.map(({ cmd, args }) => [cmd, args])).toEqual(
			warm.map(({ product }) => ['GET', [productKey(product)]])
		);
		expect(warmTrace.every(({ reply }) => reply !== '(nil)')).toBe(true);

		// What stays behind: one cached row per product, with the cache-aside TTL.
		const ttl = await plain.ttl(sandbox.prefix + productKey(1));
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
	});

	it('times every read and computes the ratio from the measured medians', async () => {
		const reads = 12;
		const { ctx } = await request(20);
		const { cold, warm, coldMedianMs, warmMedianMs, speedUp } = await coldThenWarm(ctx, reads);

		expect(cold).toHaveLength(reads);
		expect(warm).toHaveLength(reads);
		// Each cold read waited for the slow database; each warm read is one round trip.
		for (const { ms } of cold) expect(ms).toBeGreaterThanOrEqual(20);
		for (const { ms } of warm) expect(ms).toBeGreaterThan(0);

		expect(coldMedianMs).toBe(median(cold.map((r) => r.ms)));
		expect(warmMedianMs).toBe(median(warm.map((r) => r.ms)));
		expect(speedUp).toBe(coldMedianMs / warmMedianMs);
		expect(speedUp).toBeGreaterThan(1);
		expect(coldMedianMs).toBeGreaterThanOrEqual(20);
	});

	it('median: the middle value, or the mean of the two middle values', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([50, 0.2, 0.3, 0.25, 0.4])).toBe(0.3);
	});
});
