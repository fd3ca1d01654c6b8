import {
	activityEntries,
	demoOf,
	type DemoWidgets,
	expect,
	expectOutcome,
	open,
	rowWhere,
	run,
	test
} from './helpers';

const LESSON = '/learn/basic-caching/write-behind';

test('write-behind: the database lags until a flush; a crashed flush recovers; LPOP loses the write', async ({
	page
}) => {
	test.slow(); // six demo runs, several with a 50 ms statement each
	await open(page, LESSON);
	const write = demoOf(page, 'write-behind-write');
	const flush = demoOf(page, 'write-behind-flush');
	const crash = demoOf(page, 'write-behind-crash');
	const customer1 = (widgets: DemoWidgets, name: string) => widgets.table(name);

	await test.step('1. Write city Paris for customer 1: QUEUED, cache Paris, database Lyon', async () => {
		await run(page, write, { 'customer-id': 1, field: 'city', value: 'Paris' });
		await expectOutcome(write, 'queued');
		await expect(write.commands.nth(0)).toHaveText('> MULTI');
		await expect(write.commands.nth(1)).toHaveText('> HSET customer:1 city Paris');
		await expect(write.commands.nth(2)).toHaveText(/^> RPUSH write-behind:queue ".+"$/);
		await expect(write.commands.nth(3)).toHaveText('> EXEC');
		await expect(write.entry('queue')).toHaveText('1');
		const table = customer1(write, 'customer');
		expect(await rowWhere(table, 'copy', 'cache customer:1')).toMatchObject({ city: 'Paris' });
		expect(await rowWhere(table, 'copy', 'database')).toMatchObject({ city: 'Lyon' });
	});

	await test.step('2. Write a new email: queue 2, the database keeps the old one', async () => {
		await run(page, write, { field: 'email', value: 'ada@new.example' });
		await expectOutcome(write, 'queued');
		await expect(write.entry('queue')).toHaveText('2');
		const table = customer1(write, 'customer');
		expect(await rowWhere(table, 'copy', 'cache customer:1')).toMatchObject({
			email: 'ada@new.example',
			city: 'Paris'
		});
		expect(await rowWhere(table, 'copy', 'database')).toMatchObject({
			email: 'ada@example.com',
			city: 'Lyon'
		});
	});

	await test.step('3. Flush: FLUSHED, two UPDATEs, empty lists, the database caught up', async () => {
		await run(page, flush);
		await expectOutcome(flush, 'flushed');
		await expect(flush.statements.filter({ hasText: /^UPDATE customers/ })).toHaveCount(2);
		await expect(flush.entry('queue')).toHaveText('0');
		await expect(flush.entry('processing')).toHaveText('0');
		const database = await rowWhere(customer1(flush, 'customers'), 'copy', 'database');
		expect(database).toMatchObject({ email: 'ada@new.example', city: 'Paris' });
	});

	await test.step('4. Crash and recover: RECOVERED; the reliable write lands, the naive one is lost', async () => {
		await run(page, crash);
		await expectOutcome(crash, 'recovered');
		const table = crash.table('side by side');
		expect(await rowWhere(table, 'step', 'processing after the crash')).toMatchObject({
			reliable: '1'
		});
		const cached = await rowWhere(table, 'step', 'cached city');
		const stored = await rowWhere(table, 'step', 'database city');
		expect(stored.reliable).toBe(cached.reliable);
		expect(stored.naive).not.toBe(cached.naive);
		expect(await rowWhere(table, 'step', 'the write is')).toMatchObject({
			reliable: 'recovered',
			naive: 'lost'
		});
		await expect(crash.entry('lost')).toHaveText('true');
	});

	await test.step('5. A write SQLite refuses is listed as refused, and leaves the cache', async () => {
		await run(page, write, { field: 'email', value: 'bilal@example.com' });
		await expectOutcome(write, 'queued');
		await run(page, flush);
		await expectOutcome(flush, 'flushed');
		const refused = flush.table('refused by SQLite');
		await expect(refused.locator('tbody tr')).toHaveCount(1);
		await expect(refused.locator('tbody tr')).toContainText('customer 1 email = bilal@example.com');
		const table = customer1(flush, 'customers');
		expect(await rowWhere(table, 'copy', 'cache customer:1')).toMatchObject({
			email: '(not cached)'
		});
		expect(await rowWhere(table, 'copy', 'database')).toMatchObject({ email: 'ada@new.example' });
	});

	await test.step('the activity log lists the runs, newest first', async () => {
		await expect(activityEntries(page).locator('[data-outcome]')).toHaveText([
			'FLUSHED',
			'QUEUED',
			'RECOVERED',
			'FLUSHED',
			'QUEUED',
			'QUEUED'
		]);
	});
});
