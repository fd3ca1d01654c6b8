import type * as Queries from '$lib/server/db/queries';
import type * as CacheAside from '$lib/server/patterns/cache-aside';
import { asPattern, choice, exported, servedFromDatabase, type Harness } from './define';

const ENTRY = 'patterns/cache-aside.ts';
const queries = (load: (path: string) => unknown) => load('db/queries.ts') as typeof Queries;

/** demos/cache-aside-read.ts */
export const cacheAsideRead: Harness = {
	entry: ENTRY,
	async run(mod, ctx, fields, load) {
		const { readTable } = exported<typeof CacheAside>(mod, ENTRY, 'readTable');
		const table = choice(fields, 'table', queries(load).TABLES);
		const { value, hit, cacheError } = await readTable(asPattern(ctx), table);
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
};

/** demos/cache-invalidate.ts */
export const cacheInvalidate: Harness = {
	entry: ENTRY,
	async run(mod, ctx, fields, load) {
		const { cacheKey, updateAndInvalidate } = exported<typeof CacheAside>(
			mod,
			ENTRY,
			'cacheKey',
			'updateAndInvalidate'
		);
		const { TABLES, SAMPLE_UPDATE } = queries(load);
		const table = choice(fields, 'table', TABLES);
		const changed = await updateAndInvalidate(asPattern(ctx), table, SAMPLE_UPDATE[table]);
		return {
			outcome: 'invalidated',
			result: { rowsChanged: changed, deleted: cacheKey(table) },
			summary: `${table}: row 1 updated, cached copy deleted`
		};
	}
};
