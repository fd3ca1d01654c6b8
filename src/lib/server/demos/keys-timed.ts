import type { Bars } from '$lib/types';
import { scanKeys } from '../patterns/scan-walk';
import { defineDemo } from './define';

const KEY_COUNT = 200_000;
const STEP_COUNT = 1000;
/** DEBUG POPULATE names them cache:item:0 to cache:item:199999. */
const PREFIX = 'cache:item';

type SlowlogEntry = [id: number, at: number, micros: number, argv: string[]];

const ms = (micros: number) => Number((micros / 1000).toFixed(2));

export default defineDemo({
	id: 'keys-timed',
	title: 'KEYS * and a SCAN walk over 200,000 keys, on a private server',
	button: 'Fill and time',
	pattern: 'scan-walk',
	runs: 'scanKeys',
	draws: ['bars'],
	inputs: {},
	async run(ctx) {
		// 200,000 keys take about 18 MB: more than a lab's default 8 MB. The slow log, told to keep
		// every command, is the server's own account of how long each one held its single thread.
		const lab = await ctx.lab({
			maxmemory: '64mb',
			config: { 'slowlog-log-slower-than': '0', 'slowlog-max-len': '1000' }
		});
		await lab.redis.debug('POPULATE', KEY_COUNT, PREFIX);
		const all = await lab.redis.keys('*');
		const walked = await scanKeys(lab.redis, '*', STEP_COUNT);

		const log = (await lab.redis.slowlog('GET', -1)) as SlowlogEntry[];
		const micros = (command: string) =>
			log.filter(([, , , argv]) => argv[0]?.toUpperCase() === command).map(([, , us]) => us);
		const [keysMicros] = micros('KEYS');
		const steps = micros('SCAN');
		if (keysMicros === undefined || steps.length === 0) {
			throw new Error('the lab server kept no slow log entry for KEYS or SCAN');
		}
		const sorted = [...steps].sort((a, b) => a - b);
		const medianStep = sorted[Math.floor(sorted.length / 2)]!;
		const longestStep = sorted.at(-1)!;
		const allSteps = steps.reduce((sum, us) => sum + us, 0);

		const bars: Bars = {
			title: `Time inside the server, from its slow log (${KEY_COUNT.toLocaleString('en-US')} keys)`,
			unit: 'ms',
			bars: [
				{ label: 'KEYS *, one call', value: ms(keysMicros) },
				{ label: `longest SCAN step (COUNT ${STEP_COUNT})`, value: ms(longestStep) },
				{ label: 'median SCAN step', value: ms(medianStep) },
				{ label: `all ${steps.length} SCAN steps together`, value: ms(allSteps) }
			]
		};
		return {
			outcome: 'done',
			result: {
				bars,
				'keys on the server': KEY_COUNT,
				'names in the KEYS reply': all.length,
				'SCAN calls': steps.length,
				'distinct names from SCAN': walked.length
			},
			summary:
				`KEYS * held the server ${ms(keysMicros)} ms at once; SCAN took ${steps.length} steps, ` +
				`the longest ${ms(longestStep)} ms`
		};
	}
});
