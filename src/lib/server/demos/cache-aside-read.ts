import { TABLES } from '../db/queries';
import { readTable } from '../patterns/cache-aside';
import { choice, defineDemo } from './define';
import { servedFromDatabase } from './support/fail-open';

export default defineDemo({
	id: 'cache-aside-read',
	title: 'Read through the cache',
	button: 'Read',
	pattern: 'cache-aside',
	runs: 'readThrough',
	inputs: { table: choice('Table', TABLES, 'inventory') },
	async run(ctx, { table }) {
		const { value, hit, cacheError } = await readTable(ctx, table);
		if (cacheError) {
			return {
				outcome: 'degraded',
				result: value,
				summary: `${table}: ${servedFromDatabase(cacheError)}`
			};
		}
		return {
			outcome: hit ? 'hit' : 'miss',
			result: value,
			summary: `${table}: ${hit ? 'served from Redis' : 'loaded from SQLite and cached'}`
		};
	}
});
