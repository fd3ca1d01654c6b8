import {
	demoOf,
	expect,
	expectOutcome,
	open,
	rowsOf,
	run,
	test,
	type DemoWidgets
} from './helpers';

const LESSON = '/learn/operations/eviction';
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

/** The evicted table: group → evicted count, and the sum. */
async function evictions(demo: DemoWidgets) {
	const rows = await rowsOf(demo.table('evicted'));
	expect(rows.map((row) => row.group)).toEqual(['hot', 'cold', 'ttl-5m', 'ttl-1h', 'new']);
	const evicted = Object.fromEntries(rows.map((row) => [row.group!, Number(row.evicted)]));
	const total = Object.values(evicted).reduce((sum, n) => sum + n, 0);
	await expect(demo.entry('evicted_keys')).toHaveText(String(total));
	return evicted;
}

test('eviction: noeviction refuses writes, allkeys-lru evicts keys without a TTL, volatile-ttl only keys with one', async ({
	page
}) => {
	test.slow(); // three lab demos of about two seconds each
	await open(page, LESSON);
	const demo = demoOf(page, 'eviction');
	const bars = demo.result.getByTestId('bar-chart');

	await test.step('1. noeviction: OOM; a SET refused with OOM in the trace; nothing evicted', async () => {
		await run(page, demo, { policy: 'noeviction' }, { timeout: 30_000 });
		await expectOutcome(demo, 'oom');
		expect(Object.values(await evictions(demo))).toEqual([0, 0, 0, 0, 0]);
		await expect(demo.entry('evicted_keys')).toHaveText('0');
		await expect(demo.entry('refused with')).toHaveText(JSON.stringify(OOM));
		await expect(demo.redisTrace.getByTestId('redis-trace-summary')).toContainText(
			/✗ \d+ error replies?\./
		);
		await demo.redisTrace.getByText(/^Show all \d+ commands/).click();
		const refused = demo.redisTrace.locator('li.failed');
		await expect(refused.first().locator('code')).toHaveText(/^> SET new:\d+ /);
		await expect(refused.first().locator('pre')).toHaveText(`(error) ${OOM}`);
		await expect(bars.locator('[data-bar]')).toHaveCount(5);
	});

	await test.step('2. allkeys-lru: EVICTED; some cold keys evicted; evicted_keys is the sum of the column', async () => {
		await run(page, demo, { policy: 'allkeys-lru' }, { timeout: 30_000 });
		await expectOutcome(demo, 'evicted');
		const evicted = await evictions(demo);
		expect(evicted.cold).toBeGreaterThan(0);
		await expect(demo.entry('policy')).toHaveText('"allkeys-lru"');
	});

	await test.step('3. volatile-ttl: EVICTED; hot, cold and new lost no key; ttl-5m lost at least as many as ttl-1h', async () => {
		await run(page, demo, { policy: 'volatile-ttl' }, { timeout: 30_000 });
		await expectOutcome(demo, 'evicted');
		const evicted = await evictions(demo);
		expect([evicted.hot, evicted.cold, evicted.new]).toEqual([0, 0, 0]);
		expect(evicted['ttl-5m']).toBeGreaterThan(0);
		expect(evicted['ttl-5m']).toBeGreaterThanOrEqual(evicted['ttl-1h']!);
		await expect(bars.locator('[data-bar="hot: no TTL, read often"] .value')).toHaveText('100 %');
	});
});
