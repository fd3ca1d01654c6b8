import { PRODUCT_COUNT } from '../db/seed';
import { readSliding, slidingKey } from '../patterns/ttl';
import { defineDemo, integer } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'ttl-sliding',
	title: 'Sliding TTL: each read pushes the expiry out',
	button: 'Read',
	pattern: 'ttl',
	runs: 'readSliding',
	inputs: {
		product: integer('Product', 1, PRODUCT_COUNT, 1),
		ttl: integer('TTL (s)', 5, 300, 60)
	},
	async run(ctx, { product, ttl }) {
		const read = await readSliding(ctx, product, ttl);
		const ageSeconds = Math.round((ctx.clock.now() - read.cachedAt) / 1000);
		return {
			outcome: read.cacheError ? 'degraded' : read.hit ? 'hit' : 'miss',
			result: { ...read.product, cachedAt: new Date(read.cachedAt).toISOString(), ageSeconds },
			summary: read.cacheError
				? `${slidingKey(product)}: ${servedFromDatabase(read.cacheError)}`
				: read.hit
					? `${slidingKey(product)}: served from Redis, cached ${ageSeconds} s ago; expires in ${ttl} s again`
					: `${slidingKey(product)}: loaded from SQLite, expires in ${ttl} s unless read again`
		};
	}
});
