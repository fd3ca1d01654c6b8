import { CUSTOMERS, INVENTORY } from '../db/seed';
import { cacheAll, removeVersion, versionedKey } from '../patterns/versioned-keys';
import { choice, defineDemo, integer } from './define';

const ACTIONS = ['cache-v1', 'cache-v2', 'clean-up-v1'] as const;

/** The names every release caches, one per product and customer of the seed. */
const NAMES = [
	...INVENTORY.map(([id]) => `product:${id}`),
	...CUSTOMERS.map(([id]) => `customer:${id}`)
];

export default defineDemo({
	id: 'versioned-keys',
	title: 'Versioned keys: bump the version, then clean up the old one with SCAN',
	button: 'Run',
	pattern: 'versioned-keys',
	runs: 'removeVersion',
	inputs: {
		action: choice('Action', ACTIONS, 'cache-v1'),
		count: integer('SCAN COUNT', 1, 1000, 10)
	},
	async run(ctx, { action, count }) {
		if (action !== 'clean-up-v1') {
			const version = action === 'cache-v1' ? 'v1' : 'v2';
			const keys = await cacheAll(ctx, version);
			return {
				outcome: 'write',
				result: { version, cached: keys.length, keys: keys.join(', ') },
				summary: `the ${version} release cached ${keys.length} keys under ${version}:`
			};
		}
		const batches = await removeVersion(ctx, 'v1', count);
		// One EXISTS over the new version's names: the clean-up must not have touched any of them.
		const v2Left = await ctx.redis.exists(...NAMES.map((name) => versionedKey('v2', name)));
		const removed = batches.reduce((sum, batch) => sum + batch.removed, 0);
		return {
			outcome: 'invalidated',
			result: {
				'SCAN calls': batches.length,
				'v1 keys removed': removed,
				'v2 keys still cached': v2Left,
				batches: batches.map(({ cursor, found, removed }, i) => ({
					scan: i + 1,
					'next cursor': cursor,
					found: found.length,
					unlinked: removed
				}))
			},
			summary: `${batches.length} SCAN calls (COUNT ${count}) found and removed ${removed} v1 keys; ${v2Left} v2 keys untouched`
		};
	}
});
