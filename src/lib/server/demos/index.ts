/** The demo catalogue: demo id → its definition, one file per demo named after its id. */
import type { Demo } from './define';
import cacheAsideRead from './cache-aside-read';
import cacheInvalidate from './cache-invalidate';
import viewTable from './view-table';
import writeThroughWrite from './write-through-write';

export const DEMOS: ReadonlyMap<string, Demo> = new Map(
	[viewTable, cacheAsideRead, cacheInvalidate, writeThroughWrite].map((demo) => [demo.id, demo])
);
