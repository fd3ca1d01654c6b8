import type { Chart } from '$lib/types';
import { coldThenWarm } from '../patterns/cold-vs-warm';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

const round = (ms: number, digits = 2) => Number(ms.toFixed(digits));

export default defineDemo({
	id: 'cold-vs-warm',
	title: 'The same reads, cold then warm',
	button: 'Run the reads',
	pattern: 'cold-vs-warm',
	runs: 'coldThenWarm',
	draws: ['chart'],
	inputs: { reads: integer('Reads', 10, 200, 20) },
	async run(ctx, { reads }) {
		const { cold, warm, coldMedianMs, warmMedianMs, speedUp } = await coldThenWarm(ctx, reads);
		const chart: Chart = {
			title: `Latency of each read: ${reads} cold, then the same ${reads} warm`,
			xLabel: 'read number',
			yLabel: 'latency (ms)',
			kind: 'line',
			series: [
				{ name: 'cold', points: cold.map(({ read, ms }) => [read, round(ms)]) },
				{ name: 'warm', points: warm.map(({ read, ms }) => [read, round(ms)]) }
			]
		};
		const misses = cold.filter((r) => !r.hit).length;
		const hits = warm.filter((r) => r.hit).length;
		// Redis away: every read failed open to SQLite, so "warm" is as slow as cold, and says why.
		const cacheError = [...cold, ...warm].find((r) => r.cacheError)?.cacheError;
		return {
			outcome: cacheError ? 'degraded' : 'done',
			result: {
				chart,
				'speed-up (×)': round(speedUp, 1),
				'cold median (ms)': round(coldMedianMs),
				'warm median (ms)': round(warmMedianMs),
				'cold misses': `${misses} of ${reads}`,
				'warm hits': `${hits} of ${reads}`,
				reads: cold.map((c, i) => ({
					read: c.read,
					product: c.product,
					'cold (ms)': round(c.ms),
					cold: c.hit ? 'HIT' : 'MISS',
					'warm (ms)': round(warm[i]!.ms),
					warm: warm[i]!.hit ? 'HIT' : 'MISS'
				}))
			},
			summary:
				`${reads} reads: median ${round(coldMedianMs, 1)} ms cold, ` +
				`${round(warmMedianMs)} ms warm, ` +
				(cacheError ? servedFromDatabase(cacheError) : `${round(speedUp, 1)}× faster warm`)
		};
	}
});
