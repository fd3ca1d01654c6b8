import { SAMPLE_UPDATE, TABLES } from '../db/queries';
import { cacheKey, updateAndInvalidate } from '../patterns/cache-aside';
import { choice, defineDemo } from './define';

export default defineDemo({
	id: 'cache-invalidate',
	title: 'Update a row, then invalidate',
	button: 'Update and invalidate',
	pattern: 'cache-aside',
	runs: 'updateAndInvalidate',
	inputs: { table: choice('Table', TABLES, 'inventory') },
	async run(ctx, { table }) {
		const changed = await updateAndInvalidate(ctx, table, SAMPLE_UPDATE[table]);
		return {
			outcome: 'invalidated',
			result: { rowsChanged: changed, deleted: cacheKey(table) },
			summary: `${table}: row 1 updated, cached copy deleted`
		};
	}
});
