import type { DbRequest, DbResponse, Json, SqlParam } from '../protocol';

/**
 * The learner's database as a pattern sees it on the server (TracedDb's methods), over
 * `/api/db`: only the course's own statements run there, on the learner's own database. The
 * statements a module sends are the strings it has, e.g. `SELECT_TABLE[table]` from the
 * compiled db/queries.ts.
 */
export type Param = SqlParam | bigint;
export type Step = [sql: string, ...params: Param[]];

/** One call to `/api/db` (a round trip): the value it answered. */
export type SendDb = (request: DbRequest, actor: string | undefined) => Promise<DbResponse>;

export interface EditorDb {
	all<Row>(sql: string, ...params: Param[]): Promise<Row[]>;
	get<Row>(sql: string, ...params: Param[]): Promise<Row | undefined>;
	run(sql: string, ...params: Param[]): Promise<number>;
	transaction(steps: Step[]): Promise<number[]>;
	/** The same database, its statements labelled as sent by `actor`. */
	as(actor: string): EditorDb;
}

/** JSON has no bigint: one that fits is sent as a number, a larger one as its digits. */
const param = (p: Param): SqlParam =>
	typeof p !== 'bigint' ? p : Number.isSafeInteger(Number(p)) ? Number(p) : p.toString();

function expect<T>(value: Json, check: (value: Json) => boolean, what: string): T {
	if (!check(value))
		throw new Error(`The database channel answered ${JSON.stringify(value)}, not ${what}.`);
	return value as T;
}

export function createDbClient(send: SendDb, actor?: string): EditorDb {
	const call = async (request: DbRequest) => (await send(request, actor)).value;
	return {
		async all<Row>(sql: string, ...params: Param[]) {
			const value = await call({ mode: 'all', sql, params: params.map(param) });
			return expect<Row[]>(value, Array.isArray, 'rows');
		},
		async get<Row>(sql: string, ...params: Param[]) {
			const value = await call({ mode: 'get', sql, params: params.map(param) });
			const row = expect<Row | null>(
				value,
				(v) => typeof v === 'object' && !Array.isArray(v),
				'a row'
			);
			return row ?? undefined;
		},
		async run(sql: string, ...params: Param[]) {
			const value = await call({ mode: 'run', sql, params: params.map(param) });
			return expect<number>(value, (v) => typeof v === 'number', 'a count of rows');
		},
		async transaction(steps: Step[]) {
			const value = await call({
				mode: 'transaction',
				steps: steps.map(([sql, ...params]) => [sql, ...params.map(param)])
			});
			return expect<number[]>(
				value,
				(v) => Array.isArray(v) && v.every((n) => typeof n === 'number'),
				'counts of rows'
			);
		},
		as: (label) => createDbClient(send, label)
	};
}
