import { PRODUCT_COUNT } from '../db/seed';
import { fixedKey, readFixed } from '../patterns/ttl';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'ttl-fixed',
	title: 'Fixed TTL: reads do not move the expiry',
	button: 'Read',
	pattern: 'ttl',
	runs: 'readFixed',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 1),
		ttl: integer('TTL (s)', 5, 300, 60)
	},
	async run(ctx, { product, ttl }) {
		const read = await readFixed(ctx, product, ttl);
		const ageSeconds = Math.round((ctx.clock.now() - read.cachedAt) / 1000);
		return {
			outcome: read.cacheError ? 'degraded' : read.hit ? 'hit' : 'miss',
			result: { ...read.product, cachedAt: new Date(read.cachedAt).toISOString(), ageSeconds },
			summary: read.cacheError
				? `${fixedKey(product)}: ${servedFromDatabase(read.cacheError)}`
				: read.hit
					? `${fixedKey(product)}: served from Redis, cached ${ageSeconds} s ago; the expiry did not move`
					: `${fixedKey(product)}: loaded from SQLite, expires in ${ttl} s whatever happens`
		};
	}
});
