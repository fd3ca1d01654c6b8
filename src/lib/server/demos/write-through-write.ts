import { SAMPLE_UPDATE, TABLES } from '../db/queries';
import { writeThrough } from '../patterns/write-through';
import { choice, defineDemo } from './define';

export default defineDemo({
	id: 'write-through-write',
	title: 'Write to the database and the cache',
	button: 'Write through',
	pattern: 'write-through',
	runs: 'writeThrough',
	inputs: { table: choice('Table', TABLES, 'inventory') },
	async run(ctx, { table }) {
		const rows = await writeThrough(ctx, table, SAMPLE_UPDATE[table]);
		return {
			outcome: 'write',
			result: rows,
			summary: `${table}: row 1 updated, cache refreshed`
		};
	}
});
