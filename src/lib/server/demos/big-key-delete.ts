import type { Bars } from '$lib/types';
import { delIsLazy, slowLog, timedRemoval } from '../patterns/big-key';
import { defineDemo, integer } from './define';

const KEYS = { del: 'visitors:del', unlink: 'visitors:unlink' };
/** The demo's filling, on the private server only: one script call adds every member. */
const FILL_SET = `for i = 1, tonumber(ARGV[1]) do redis.call('SADD', KEYS[1], 'visitor:' .. i) end
return redis.call('SCARD', KEYS[1])`;

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export default defineDemo({
	id: 'big-key-delete',
	title: 'DEL against UNLINK of a big set, on a private server',
	button: 'Delete both',
	pattern: 'big-key',
	runs: 'timedRemoval',
	draws: ['bars'],
	inputs: { members: integer('Members', 10_000, 400_000, 200_000) },
	async run(ctx, { members }) {
		// Two copies of a 400,000-member set take about 50 MB.
		const lab = await ctx.lab({ maxmemory: '64mb' });
		const lazy = await delIsLazy(lab.redis);
		await lab.redis.eval(FILL_SET, 1, KEYS.del, members);
		await lab.redis.copy(KEYS.del, KEYS.unlink);
		const bytes = (await lab.redis.memory('USAGE', KEYS.del)) as number;
		// Log every command from here on, so the slow log holds the server's own time for both.
		await lab.redis.config('SET', 'slowlog-log-slower-than', 0);
		await lab.redis.slowlog('RESET');
		const del = await timedRemoval(lab.redis, KEYS.del, 'DEL');
		const unlink = await timedRemoval(lab.redis, KEYS.unlink, 'UNLINK');
		const logged = await slowLog(lab.redis, 3);
		const serverMicros = (command: string, key: string) =>
			logged.find((entry) => entry.command === command && entry.args[0] === key)?.micros ?? null;
		const rows = [
			{ how: 'DEL', key: KEYS.del, ...del, micros: serverMicros('DEL', KEYS.del) },
			{ how: 'UNLINK', key: KEYS.unlink, ...unlink, micros: serverMicros('UNLINK', KEYS.unlink) }
		];
		const bars: Bars = {
			title: `Time until the answer: one set of ${members.toLocaleString('en-US')} members each`,
			unit: 'ms',
			bars: rows.map(({ how, ms }) => ({ label: how, value: round(ms, 3) }))
		};
		return {
			outcome: 'done',
			result: {
				bars,
				members,
				'each copy (bytes)': bytes,
				'lazyfree-lazy-user-del': lazy ? 'yes' : 'no',
				removals: rows.map(({ how, key, ms, micros }) => ({
					command: how,
					key,
					'answered in (ms)': round(ms, 3),
					'server time (µs)': micros
				})),
				'DEL took (× UNLINK)': round(del.ms / unlink.ms, 0)
			},
			summary: `${members} members: DEL answered in ${round(del.ms, 1)} ms, UNLINK in ${round(unlink.ms, 2)} ms`
		};
	}
});
