import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../pattern-support';
import {
	backgroundSave,
	persistenceInfo,
	rewriteAppendOnlyFile,
	type Finished
} from '../patterns/persistence';
import { choice, defineDemo } from './define';

const ACTIONS = ['save', 'bgsave', 'aof-rewrite', 'restart'] as const;
const MODES = ['rdb', 'aof', 'none'] as const;
type Mode = (typeof MODES)[number];

/** How the lab starts: 7.0's default snapshot schedule, AOF fsynced every second, or nothing. */
const SETTINGS: Record<Mode, Record<string, string>> = {
	rdb: { save: '3600 1 300 100 60 10000', appendonly: 'no' },
	aof: { save: '', appendonly: 'yes', appendfsync: 'everysec' },
	none: { save: '', appendonly: 'no' }
};

/** The few INFO persistence fields that tell the story; the AOF ones exist only with AOF on. */
const SHOWN = [
	'rdb_changes_since_last_save',
	'rdb_last_save_time',
	'rdb_last_bgsave_status',
	'rdb_saves',
	'aof_enabled',
	'aof_rewrites',
	'aof_last_bgrewrite_status',
	'aof_base_size',
	'aof_current_size',
	'aof_buffer_length' // bytes of writes answered but not yet handed to the operating system
];

const orders = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `order:${from + i}`);
const FIRST = orders(1, 3);
const LAST = orders(4, 6);

async function write(lab: Lab, keys: string[]) {
	for (const key of keys) await lab.redis.set(key, 'paid');
}

type Info = Record<string, string>;

const infoRows = (before: Info, after: Info, fields: string[], [b, a]: [string, string]) =>
	fields
		.filter((field) => field in before || field in after)
		.map((field) => ({ field, [b]: before[field] ?? '—', [a]: after[field] ?? '—' }));

/** What the lab has in its directory: the files a backup would copy. */
async function filesOf(lab: Lab) {
	const [, dir] = (await lab.redis.config('GET', 'dir')) as [string, string];
	const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => statSync(join(dir, file)).isFile())
		.sort();
	return files.length
		? files.map((file) => ({ file, bytes: statSync(join(dir, file)).size }))
		: '(no files: nothing was ever written to disk)';
}

const timed = async <T>(work: () => Promise<T>) => {
	const started = performance.now();
	const value = await work();
	return { value, ms: Number((performance.now() - started).toFixed(1)) };
};

export default defineDemo({
	id: 'persistence',
	title: 'Snapshots, the append-only file and a crash, on a private server',
	button: 'Run',
	pattern: 'persistence',
	runs: 'backgroundSave',
	inputs: {
		action: choice('Action', ACTIONS, 'bgsave'),
		mode: choice('Persistence', MODES, 'rdb')
	},
	async run(ctx, { action, mode }) {
		const lab = await ctx.lab({ config: SETTINGS[mode] });

		if (action === 'restart') {
			await write(lab, FIRST);
			const snapshot = mode === 'rdb' ? await backgroundSave(lab.redis) : null;
			await write(lab, LAST);
			const before = await persistenceInfo(lab.redis);
			const files = await filesOf(lab);
			const { ms } = await timed(() => lab.restart({ crash: true }));
			const after = await persistenceInfo(lab.redis);
			const values = await lab.redis.mget(...FIRST, ...LAST);
			const survived = values.filter((value) => value !== null).length;
			const total = FIRST.length + LAST.length;
			return {
				outcome: survived === total ? 'recovered' : 'lost',
				result: {
					mode,
					snapshot: snapshot ? 'BGSAVE after order:3' : '(none)',
					survived: `${survived} of ${total}`,
					keys: [...FIRST, ...LAST].map((key, i) => ({
						key,
						written: i < FIRST.length ? (snapshot ? 'before BGSAVE' : 'first') : 'last',
						'after the crash': values[i] === null ? 'gone' : 'there'
					})),
					'files at the crash': files,
					'restart (ms)': ms,
					'INFO persistence': infoRows(
						before,
						after,
						[...SHOWN, 'rdb_last_load_keys_loaded'],
						['before the crash', 'after the restart']
					)
				},
				summary: `${mode}: ${survived} of ${total} orders survived a crash`
			};
		}

		await write(lab, FIRST);
		const before = await persistenceInfo(lab.redis);
		let done: Finished & { ms: number };
		if (action === 'save') {
			const { ms } = await timed(() => lab.redis.save());
			done = { info: await persistenceInfo(lab.redis), polls: 0, ms };
		} else {
			const job = action === 'bgsave' ? backgroundSave : rewriteAppendOnlyFile;
			const { value, ms } = await timed(() => job(lab.redis));
			done = { ...value, ms };
		}
		const command = { save: 'SAVE', bgsave: 'BGSAVE', 'aof-rewrite': 'BGREWRITEAOF' }[action];
		return {
			outcome: 'done',
			result: {
				mode,
				...(action === 'save'
					? { 'SAVE took (ms)': done.ms }
					: { 'INFO polls until done': done.polls, 'done after (ms)': done.ms }),
				'INFO persistence': infoRows(before, done.info, SHOWN, ['before', 'after']),
				files: await filesOf(lab)
			},
			summary: `${mode}: ${command} done in ${done.ms} ms`
		};
	}
});
