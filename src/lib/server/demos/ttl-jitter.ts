import type { Chart } from '$lib/types';
import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';
import { JITTER_RATIO, jitteredTtl, writeWithTtl } from '../patterns/ttl';
import { defineDemo, integer } from './define';

/** How many of these keys expire in each second from now, as Redis reports it (PTTL). */
async function expiriesPerSecond({ redis }: PatternContext, keys: string[]) {
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.pttl(key);
	const perSecond = new Map<number, number>();
	for (const ttlMs of await execAll(pipeline)) {
		if (typeof ttlMs !== 'number' || ttlMs < 0) continue; // gone, or no TTL at all
		const second = Math.ceil(ttlMs / 1000);
		perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
	}
	return perSecond;
}

const JITTER_PERCENT = Math.round(JITTER_RATIO * 100);

export default defineDemo({
	id: 'ttl-jitter',
	title: 'Jitter: spread the expiries of keys written together',
	button: 'Write the keys',
	pattern: 'ttl',
	runs: 'jitteredTtl',
	draws: ['chart'],
	inputs: {
		n: integer('Keys per batch', 10, 200, 50),
		ttl: integer('TTL (s)', 10, 300, 60)
	},
	async run(ctx, { n, ttl }) {
		const numbers = Array.from({ length: n }, (_, i) => i + 1);
		const batches = [
			{ name: 'fixed TTL', keys: numbers.map((i) => `warm:fixed:${i}`), ttlOf: () => ttl },
			{
				name: `jittered ±${JITTER_PERCENT}%`,
				keys: numbers.map((i) => `warm:jittered:${i}`),
				ttlOf: () => jitteredTtl(ttl)
			}
		];
		const value = JSON.stringify({
			page: 'product',
			'warmed at': new Date(ctx.clock.now()).toISOString()
		});
		for (const batch of batches) await writeWithTtl(ctx, batch.keys, value, batch.ttlOf);
		const measured = [];
		for (const batch of batches) {
			measured.push({ name: batch.name, perSecond: await expiriesPerSecond(ctx, batch.keys) });
		}

		// Every second of the range, zeros included, so each line drops to the axis between peaks.
		const seconds = measured.flatMap(({ perSecond }) => [...perSecond.keys()]);
		const from = Math.max(0, Math.min(...seconds) - 2);
		const to = Math.max(...seconds) + 2;
		const range = Array.from({ length: to - from + 1 }, (_, i) => from + i);
		const chart: Chart = {
			title: `When ${n} keys written together expire`,
			xLabel: 'seconds from now',
			yLabel: 'keys expiring in that second',
			kind: 'line',
			series: measured.map(({ name, perSecond }) => ({
				name,
				points: range.map((s): [number, number] => [s, perSecond.get(s) ?? 0])
			}))
		};
		const stats = measured.map(({ name, perSecond }) => {
			const busy = [...perSecond.keys()];
			return {
				batch: name,
				keys: [...perSecond.values()].reduce((a, b) => a + b, 0),
				'first expiry (s)': Math.min(...busy),
				'last expiry (s)': Math.max(...busy),
				'busiest second (keys)': Math.max(...perSecond.values())
			};
		});
		const [fixed, jittered] = stats;
		return {
			outcome: 'write',
			result: { chart, batches: stats },
			summary:
				`${n} keys with a fixed ${ttl} s TTL: ${fixed!['busiest second (keys)']} expire in one second; ` +
				`with jitter at most ${jittered!['busiest second (keys)']} do, over ` +
				`${jittered!['last expiry (s)'] - jittered!['first expiry (s)'] + 1} s`
		};
	}
});
