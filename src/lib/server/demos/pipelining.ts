import type { Bars } from '$lib/types';
import { compareReads, setPipelined } from '../patterns/pipelining';
import { defineDemo, integer } from './define';

/** The keys read are written first, and expire on their own a minute later. */
const TTL_SECONDS = 60;
const keyOf = (i: number) => `pipelining:item:${i}`;

const round = (ms: number) => Number(ms.toFixed(2));

export default defineDemo({
	id: 'pipelining',
	title: 'n GETs one by one, in one pipeline, in one MGET',
	button: 'Time the reads',
	pattern: 'pipelining',
	runs: 'compareReads',
	draws: ['bars'],
	inputs: { n: integer('Keys to read', 10, 1000, 100) },
	async run(ctx, { n }) {
		const keys = Array.from({ length: n }, (_, i) => keyOf(i + 1));
		await setPipelined(
			ctx.redis,
			keys.map((key) => [key, `value of ${key}`]),
			TTL_SECONDS
		);
		const { sequential, pipeline, mget } = await compareReads(ctx.redis, keys);
		const found = (values: (string | null)[]) =>
			values.filter((value, i) => value === `value of ${keys[i]}`).length;
		const founds = [sequential, pipeline, mget].map(({ values }) => found(values));
		if (founds.some((count) => count !== n)) {
			throw new Error(
				`some keys were gone before they were read (found ${founds.join(', ')} of ${n}); run it again`
			);
		}
		const [sequentialMs, pipelineMs, mgetMs] = [sequential, pipeline, mget].map(({ ms }) =>
			round(ms)
		) as [number, number, number];
		const bars: Bars = {
			title: `${n} keys read three ways (one by one: ${round(sequential.ms / n)} ms per round trip)`,
			unit: 'ms',
			bars: [
				{ label: `${n} GETs, one by one`, value: sequentialMs },
				{ label: `one pipeline of ${n} GETs`, value: pipelineMs },
				{ label: `one MGET of ${n} keys`, value: mgetMs }
			]
		};
		return {
			outcome: 'done',
			result: {
				bars,
				n,
				sequentialMs,
				pipelineMs,
				mgetMs,
				roundTrips: { sequential: n, pipeline: 1, mget: 1 }
			},
			summary:
				`${n} keys: ${sequentialMs} ms one by one, ${pipelineMs} ms in a pipeline, ` +
				`${mgetMs} ms with MGET`
		};
	}
});
