import type * as Ttl from '$lib/server/patterns/ttl';
import { asPattern, exported, integer, servedFromDatabase, type Harness } from './define';

const ENTRY = 'patterns/ttl.ts';

/** demos/ttl-fixed.ts */
export const ttlFixed: Harness = {
	entry: ENTRY,
	async run(mod, ctx, fields) {
		const { fixedKey, readFixed } = exported<typeof Ttl>(mod, ENTRY, 'fixedKey', 'readFixed');
		const [product, ttl] = [integer(fields, 'product'), integer(fields, 'ttl')];
		const read = await readFixed(asPattern(ctx), product, ttl);
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
};
