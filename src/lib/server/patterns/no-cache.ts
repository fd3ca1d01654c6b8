import { SELECT_TABLE, type Table } from '../db/queries';
import type { PatternContext } from '../pattern-support';

/** No cache at all: every read goes to the database. This is what the later lessons speed up. */
export function readTableDirect({ db }: PatternContext, table: Table) {
	return db.all(SELECT_TABLE[table]);
}
