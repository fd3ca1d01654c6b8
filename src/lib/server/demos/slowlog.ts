import { slowCommands } from '../patterns/slowlog';
import { defineDemo } from './define';

/** Enough keys that one walk over all of them takes well over the 10 ms threshold. */
const KEYS_IN_SERVER = 500_000;

export default defineDemo({
	id: 'slowlog',
	title: 'Find the slow command in SLOWLOG, on a private server',
	button: 'Run a slow command',
	pattern: 'slowlog',
	runs: 'slowCommands',
	inputs: {},
	async run(ctx) {
		const lab = await ctx.lab({ maxmemory: '128mb' });
		const [, threshold] = (await lab.redis.config('GET', 'slowlog-log-slower-than')) as [
			string,
			string
		];
		await lab.redis.debug('POPULATE', KEYS_IN_SERVER); // half a million keys in well under a second
		await lab.redis.set('order:1', 'paid');
		await lab.redis.slowlog('RESET'); // so that only what follows is listed

		const started = performance.now();
		const found = await lab.redis.keys('order:*');
		const keysMs = performance.now() - started;
		await lab.redis.get('order:1');
		const slow = await slowCommands(lab.redis);

		const keys = slow.find(({ command }) => /^keys /i.test(command));
		return {
			outcome: 'done',
			result: {
				'slowlog-log-slower-than (µs)': Number(threshold),
				'keys in the server': KEYS_IN_SERVER + 1,
				'KEYS order:* found': found.length,
				'KEYS round trip (ms)': Number(keysMs.toFixed(1)),
				'SLOWLOG GET': slow.length
					? slow.map(({ id, command, micros, client }) => ({
							id,
							command,
							'ran for (µs)': micros,
							client
						}))
					: '(empty: nothing ran longer than the threshold)',
				'GET order:1 logged': slow.some(({ command }) => /^get /i.test(command)) ? 'yes' : 'no'
			},
			summary: keys
				? `KEYS order:* ran for ${(keys.micros / 1000).toFixed(1)} ms over ${(KEYS_IN_SERVER + 1).toLocaleString('en-US')} keys to find ${found.length}`
				: `KEYS order:* ran under the ${Number(threshold) / 1000} ms threshold`
		};
	}
});
