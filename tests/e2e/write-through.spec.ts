import {
	expect,
	expectNoSql,
	expectOutcome,
	open,
	run,
	seededStockOfProduct1,
	stockOfProduct1,
	test,
	ttlSeconds
} from './helpers';

const LESSON = '/learn/basic-caching/write-through';

test('write through: WRITE refreshes the cache, the next read is a HIT with the new stock', async ({
	page,
	request
}) => {
	// What product 1's stock is before any write (read by another, fresh learner).
	const seeded = await seededStockOfProduct1(request);
	await open(page, LESSON);
	let written = 0;

	await test.step('1. Write through: WRITE, UPDATE and SELECT, then SET', async () => {
		const write = await run(page, 'write-through-write', { table: 'inventory' });
		await expectOutcome(write, 'write');
		await expect(write.statements).toHaveCount(2);
		await expect(write.statements.nth(0)).toContainText(/UPDATE inventory SET stock/);
		await expect(write.statements.nth(1)).toContainText(/SELECT .* FROM inventory/);
		await expect(write.commands).toHaveText([/^> SET query:inventory ".+" EX 60$/]);
		await expect(write.replies).toHaveText(['OK']);
		expect(await ttlSeconds(write, 'query:inventory')).toBeGreaterThan(55);
		written = await stockOfProduct1(write);
		expect(written).toBe(seeded + 1);
	});

	await test.step('2. Read in the second demo: HIT, the new stock, no SQL', async () => {
		const read = await run(page, 'cache-aside-read', { table: 'inventory' });
		await expectOutcome(read, 'hit');
		await expect(read.commands).toHaveText(['> GET query:inventory']);
		await expectNoSql(read);
		expect(await stockOfProduct1(read)).toBe(written);
	});
});
