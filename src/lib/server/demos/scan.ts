import { setPipelined } from '../patterns/pipelining';
import { scanWalk } from '../patterns/scan-walk';
import { defineDemo, integer, text } from './define';

/** Sample keys, so that the walk has something to find whatever else the learner has. */
const SAMPLE_KEYS = 50;
const SAMPLE_TTL_SECONDS = 600;

/** A glob as SCAN's MATCH takes it: letters, digits, the separators . _ : - and * ? [ ] ^ !. */
const GLOB = /^[\p{L}\p{N}._:*?[\]^!-]*$/u;
const GLOB_CHARACTERS = 'letters, digits, . _ : - or the glob characters * ? [ ] ^ !';

export default defineDemo({
	id: 'scan',
	title: 'Walk your keys with SCAN, one call per step',
	button: 'Walk the keys',
	pattern: 'scan-walk',
	runs: 'scanWalk',
	inputs: {
		pattern: text('MATCH pattern', 60, 'scan:demo:*', GLOB, GLOB_CHARACTERS),
		count: integer('COUNT', 1, 1000, 10)
	},
	async run(ctx, { pattern, count }) {
		await setPipelined(
			ctx.redis,
			Array.from({ length: SAMPLE_KEYS }, (_, i) => [`scan:demo:${i + 1}`, String(i + 1)]),
			SAMPLE_TTL_SECONDS
		);
		const steps: { call: number; cursor: string; 'next cursor': string; keys: number }[] = [];
		const found = new Set<string>();
		await scanWalk(ctx.redis, pattern, count, ({ cursor, next, keys }) => {
			steps.push({ call: steps.length + 1, cursor, 'next cursor': next, keys: keys.length });
			for (const key of keys) found.add(key);
		});
		const keys = [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
		const calls = steps.length;
		return {
			outcome: 'done',
			result: { calls, cursors: steps.map((step) => step['next cursor']), steps, keys },
			summary: `SCAN MATCH ${pattern} COUNT ${count}: ${keys.length} keys in ${calls} calls`
		};
	}
});
