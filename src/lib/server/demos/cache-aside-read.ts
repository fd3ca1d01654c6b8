import { TABLES } from '../db/queries';
import { readTable } from '../patterns/cache-aside';
import { choice, defineDemo } from './define';

export default defineDemo({
	id: 'cache-aside-read',
	title: 'Read through the cache',
	button: 'Read',
	pattern: 'cache-aside',
	runs: 'readThrough',
	inputs: { table: choice('Table', TABLES, 'inventory') },
	async run(ctx, { table }) {
		const { value, hit } = await readTable(ctx, table);
		return {
			outcome: hit ? 'hit' : 'miss',
			result: value,
			summary: `${table}: ${hit ? 'served from Redis' : 'loaded from SQLite and cached'}`
		};
	}
});
