import { encodingOf, listpackLimits } from '../patterns/hash-encoding';
import { defineDemo } from './define';

const KEY = 'card:wide';

export default defineDemo({
	id: 'hash-encoding',
	title: 'Grow a hash past the listpack limit, on a private server',
	button: 'Grow the hash',
	pattern: 'hash-encoding',
	runs: 'listpackLimits',
	inputs: {},
	async run(ctx) {
		// CONFIG is refused on the shared server: a private one answers it, and is gone afterwards.
		const lab = await ctx.lab();
		const limits = await listpackLimits(lab.redis);
		const fields = Array.from({ length: limits.entries }, (_, i) => [`field-${i + 1}`, 'x']);
		await lab.redis.hset(KEY, Object.fromEntries(fields));
		const atLimit = await encodingOf(lab.redis, KEY);
		await lab.redis.hset(KEY, `field-${limits.entries + 1}`, 'x');
		const pastLimit = await encodingOf(lab.redis, KEY);
		return {
			outcome: 'done',
			result: {
				'hash-max-listpack-entries': limits.entries,
				'hash-max-listpack-value (bytes)': limits.valueBytes,
				growth: [
					{ fields: limits.entries, encoding: atLimit.encoding, 'MEMORY USAGE': atLimit.bytes },
					{
						fields: limits.entries + 1,
						encoding: pastLimit.encoding,
						'MEMORY USAGE': pastLimit.bytes
					}
				]
			},
			summary: `${limits.entries} fields: ${atLimit.encoding}, ${atLimit.bytes} bytes; one more: ${pastLimit.encoding}, ${pastLimit.bytes} bytes`
		};
	}
});
