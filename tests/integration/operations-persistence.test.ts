import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	backgroundSave,
	persistenceInfo,
	rewriteAppendOnlyFile
} from '$lib/server/patterns/persistence';
import { request, runDemo, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

type Row = Record<string, string>;
const sharedConfig = async () => (await plain.config('GET', '*')) as string[];

/** The INFO persistence table of a result as field → [before, after]. */
const infoOf = (result: Record<string, unknown>) =>
	Object.fromEntries(
		(result['INFO persistence'] as Row[]).map(({ field, ...values }) => [
			field,
			Object.values(values)
		])
	);

const commands = (trace: { cmd: string; args: string[] }[]) =>
	trace.map(({ cmd, args }) => [cmd, ...args].join(' '));

describe('the persistence patterns', () => {
	it('backgroundSave answers once the snapshot is on disk, after polling INFO; rewriteAppendOnlyFile the same', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await lab.redis.set('k', 'v');
		const lastSave = await lab.redis.lastsave();

		const saved = await backgroundSave(lab.redis);
		expect(saved.polls).toBeGreaterThanOrEqual(1);
		expect(saved.info).toMatchObject({
			rdb_bgsave_in_progress: '0',
			rdb_last_bgsave_status: 'ok',
			rdb_changes_since_last_save: '0',
			rdb_saves: '1'
		});
		// BGSAVE answered at once; the INFO polls came after it, one per poll.
		expect(commands(run.trace).slice(2)).toEqual([
			'BGSAVE',
			...Array(saved.polls).fill('INFO persistence')
		]);
		expect(run.trace[2]!.reply).toBe('Background saving started');
		expect(await lab.redis.lastsave()).toBeGreaterThanOrEqual(lastSave);

		const rewritten = await rewriteAppendOnlyFile(lab.redis);
		expect(rewritten.info).toMatchObject({
			aof_rewrite_in_progress: '0',
			aof_rewrite_scheduled: '0',
			aof_last_bgrewrite_status: 'ok',
			aof_rewrites: '1'
		});
		expect(await persistenceInfo(lab.redis)).toMatchObject({ rdb_bgsave_in_progress: '0' });
	});

	it('backgroundSave throws when the snapshot failed (its directory is gone), instead of answering as if saved', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.lab();
		await lab.redis.set('k', 'v');
		const [, dir] = (await lab.redis.config('GET', 'dir')) as [string, string];
		rmSync(dir, { recursive: true, force: true });
		await expect(backgroundSave(lab.redis)).rejects.toThrow('the background save failed');
		expect((await persistenceInfo(lab.redis)).rdb_last_bgsave_status).toBe('err');
	});
});

describe('demo persistence', () => {
	it('bgsave with RDB: changes since the last save 3 → 0, one save, dump.rdb on disk', async () => {
		const before = await sharedConfig();
		const { outcome, result, trace } = await runDemo(newSandbox(), 'persistence', {
			action: 'bgsave',
			mode: 'rdb'
		});
		expect(outcome).toBe('done');
		const info = infoOf(result);
		expect(info.rdb_changes_since_last_save).toEqual(['3', '0']);
		expect(info.rdb_saves).toEqual(['0', '1']);
		expect(info.rdb_last_bgsave_status).toEqual(['ok', 'ok']);
		expect(info.aof_enabled).toEqual(['0', '0']);
		expect(info.aof_current_size).toBeUndefined(); // only with AOF on
		const polls = result['INFO polls until done'] as number;
		expect(polls).toBeGreaterThanOrEqual(1);
		expect(commands(trace).filter((c) => c === 'INFO persistence')).toHaveLength(1 + polls);
		expect(result.files).toEqual([{ file: 'dump.rdb', bytes: expect.any(Number) }]);
		expect(await sharedConfig()).toEqual(before);
	});

	it('save: the same, with no polling (SAVE answers when the file is written)', async () => {
		const { outcome, result, trace } = await runDemo(newSandbox(), 'persistence', {
			action: 'save',
			mode: 'none'
		});
		expect(outcome).toBe('done');
		expect(infoOf(result).rdb_changes_since_last_save).toEqual(['3', '0']);
		expect(result['SAVE took (ms)']).toEqual(expect.any(Number));
		expect(result).not.toHaveProperty('INFO polls until done');
		expect(trace.find(({ cmd }) => cmd === 'SAVE')!.reply).toBe('OK');
	});

	it('aof-rewrite with AOF: one rewrite, a new base file holding the data, an empty incr file', async () => {
		const { outcome, result } = await runDemo(newSandbox(), 'persistence', {
			action: 'aof-rewrite',
			mode: 'aof'
		});
		expect(outcome).toBe('done');
		const info = infoOf(result);
		expect(info.aof_enabled).toEqual(['1', '1']);
		expect(info.aof_rewrites).toEqual(['0', '1']);
		expect(Number(info.aof_base_size![1])).toBeGreaterThan(Number(info.aof_base_size![0]));
		const files = result.files as { file: string; bytes: number }[];
		expect(files.map(({ file }) => file)).toEqual([
			'appendonlydir/appendonly.aof.2.base.rdb',
			'appendonlydir/appendonly.aof.2.incr.aof',
			'appendonlydir/appendonly.aof.manifest'
		]);
		expect(files[1]!.bytes).toBe(0);
	});

	it('restart (a crash) with aof: every acknowledged order survives, unless Redis still held it (aof_buffer_length)', async () => {
		const { outcome, result } = await runDemo(newSandbox(), 'persistence', {
			action: 'restart',
			mode: 'aof'
		});
		const [heldBack] = infoOf(result).aof_buffer_length!;
		const lostSome = result.survived !== '6 of 6';
		expect(outcome).toBe(lostSome ? 'lost' : 'recovered');
		// A killed process loses only what Redis had not yet written to the file: on a slow disk a
		// write may wait in Redis's own buffer (up to 2 s) while its reply has already gone out.
		expect(lostSome && Number(heldBack) === 0, `lost with nothing held back: ${heldBack}`).toBe(
			false
		);
		expect(infoOf(result).aof_enabled).toEqual(['1', '1']);
	});

	it.each([
		['rdb', 'lost', ['there', 'there', 'there', 'gone', 'gone', 'gone'], '3 of 6'],
		['none', 'lost', Array(6).fill('gone'), '0 of 6']
	])(
		'restart (a crash) with %s: %s, orders after it %j',
		async (mode, outcome, after, survived) => {
			const before = await sharedConfig();
			const run = await runDemo(newSandbox(), 'persistence', { action: 'restart', mode });
			expect(run.outcome).toBe(outcome);
			expect(run.result.survived).toBe(survived);
			const keys = run.result.keys as Row[];
			expect(keys.map((k) => k.key)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `order:${i}`));
			expect(keys.map((k) => k['after the crash'])).toEqual(after);
			// Only RDB takes the snapshot, between the two batches of writes.
			const sent = commands(run.trace).filter((c) => !c.startsWith('INFO'));
			const snapshot = mode === 'rdb' ? ['BGSAVE'] : [];
			expect(sent.slice(0, 7 + snapshot.length)).toEqual([
				'SET order:1 paid',
				'SET order:2 paid',
				'SET order:3 paid',
				...snapshot,
				'SET order:4 paid',
				'SET order:5 paid',
				'SET order:6 paid',
				'CONFIG GET dir'
			]);
			expect(sent.at(-1)).toBe('MGET order:1 order:2 order:3 order:4 order:5 order:6');
			const info = infoOf(run.result);
			if (mode === 'rdb') expect(info.rdb_last_load_keys_loaded).toEqual(['0', '3']);
			if (mode === 'none') expect(run.result['files at the crash']).toMatch(/^\(no files/);
			expect(await sharedConfig()).toEqual(before);
		}
	);

	it('refuses an action or a mode it does not know, in a sentence', async () => {
		await expect(
			runDemo(newSandbox(), 'persistence', { action: 'flushall', mode: 'rdb' })
		).rejects.toThrow('Action must be one of: save, bgsave, aof-rewrite, restart.');
		await expect(
			runDemo(newSandbox(), 'persistence', { action: 'save', mode: 'always' })
		).rejects.toThrow('Persistence must be one of: rdb, aof, none.');
	});
});
