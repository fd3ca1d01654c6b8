import { TABLES } from '../db/queries';
import { readTableDirect } from '../patterns/no-cache';
import { choice, defineDemo } from './define';

export default defineDemo({
	id: 'view-table',
	title: 'Query the database directly',
	button: 'Run query',
	pattern: 'no-cache',
	runs: 'readTableDirect',
	inputs: { table: choice('Table', TABLES, 'inventory') },
	async run(ctx, { table }) {
		const rows = await readTableDirect(ctx, table);
		return { outcome: 'read', result: rows, summary: `${table}: ${rows.length} rows from SQLite` };
	}
});
