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

const LESSON = '/learn/operations/persistence';

/** The INFO persistence table as field → its other cells, in order. */
async function info(demo: DemoWidgets) {
	const rows = await rowsOf(demo.table('INFO persistence'));
	return Object.fromEntries(rows.map(({ field, ...values }) => [field, Object.values(values)]));
}

/** Which orders a crash left, as the keys table shows them. */
async function afterTheCrash(demo: DemoWidgets) {
	const rows = await rowsOf(demo.table('keys'));
	return rows.map((row) => `${row.key} ${row['after the crash']}`);
}

const orders = (states: string[]) => states.map((state, i) => `order:${i + 1} ${state}`);

test('persistence, step by step as "Try it" says', async ({ page }) => {
	test.slow(); // six runs, each on a private server of its own: a restart, a snapshot, a kill
	await open(page, LESSON);
	const demo = demoOf(page, 'persistence');

	await test.step('1. bgsave with rdb: DONE, changes 3 → 0, one save, dump.rdb', async () => {
		await expect(demo.field('action')).toHaveValue('bgsave');
		await expect(demo.field('mode')).toHaveValue('rdb');
		await run(page, demo);
		await expectOutcome(demo, 'done');
		const fields = await info(demo);
		expect(fields.rdb_changes_since_last_save).toEqual(['3', '0']);
		expect(fields.rdb_saves).toEqual(['0', '1']);
		expect(fields.rdb_last_bgsave_status).toEqual(['ok', 'ok']);
		expect((await rowsOf(demo.table('files'))).map((row) => row.file)).toEqual(['dump.rdb']);
		await expect(demo.commands.filter({ hasText: /^> BGSAVE$/ })).toHaveCount(1);
		await expect(demo.replies.filter({ hasText: 'Background saving started' })).toHaveCount(1);
	});

	await test.step('2. restart with rdb: LOST, orders 1-3 there, 4-6 gone', async () => {
		await run(page, demo, { action: 'restart', mode: 'rdb' });
		await expectOutcome(demo, 'lost');
		await expect(demo.entry('survived')).toHaveText('"3 of 6"');
		expect(await afterTheCrash(demo)).toEqual(
			orders(['there', 'there', 'there', 'gone', 'gone', 'gone'])
		);
	});

	await test.step('3. restart with aof: RECOVERED, 6 of 6, or a loss that aof_buffer_length explains', async () => {
		await run(page, demo, { action: 'restart', mode: 'aof' });
		const all = (await demo.entry('survived').textContent()) === '"6 of 6"';
		await expectOutcome(demo, all ? 'recovered' : 'lost');
		// Only a write Redis still held in its own buffer (a slow disk) can be lost to a kill.
		const [heldBack] = (await info(demo)).aof_buffer_length!;
		expect(all || Number(heldBack) > 0, `lost with aof_buffer_length ${heldBack}`).toBe(true);
	});

	await test.step('4. restart with none: LOST, 0 of 6, no files', async () => {
		await run(page, demo, { action: 'restart', mode: 'none' });
		await expectOutcome(demo, 'lost');
		await expect(demo.entry('survived')).toHaveText('"0 of 6"');
		await expect(demo.entry('files at the crash')).toContainText('no files');
	});

	await test.step('5. aof-rewrite with aof: DONE, one rewrite, a new base and an empty incr file', async () => {
		await run(page, demo, { action: 'aof-rewrite', mode: 'aof' });
		await expectOutcome(demo, 'done');
		expect((await info(demo)).aof_rewrites).toEqual(['0', '1']);
		expect(await rowsOf(demo.table('files'))).toEqual([
			{ file: 'appendonlydir/appendonly.aof.2.base.rdb', bytes: expect.stringMatching(/^\d+$/) },
			{ file: 'appendonlydir/appendonly.aof.2.incr.aof', bytes: '0' },
			{ file: 'appendonlydir/appendonly.aof.manifest', bytes: expect.stringMatching(/^\d+$/) }
		]);
	});

	await test.step('6. save with rdb: DONE, no polling', async () => {
		await run(page, demo, { action: 'save', mode: 'rdb' });
		await expectOutcome(demo, 'done');
		await expect(demo.entry('SAVE took (ms)')).toBeVisible();
		await expect(demo.entry('INFO polls until done')).toHaveCount(0);
		await expect(demo.commands.filter({ hasText: /^> SAVE$/ })).toHaveCount(1);
	});
});
