import type { DbRequest, DbResponse, Json, SqlParam } from '$lib/editor/protocol';
import type { Sandbox } from '../sandbox/sandboxes';

/**
 * The database channel (`/api/db`): a learner's version of a pattern runs the course's own
 * statements on their own database, never free SQL. The course's statements are found once, at
 * start-up: the SQL values the query modules and the pattern modules export (`SELECT_TABLE`,
 * `SELECT_CARD_SQL`, built with `${...}`), and every SQL string literal written in the modules a
 * learner's version runs (patterns, demos, exercises), such as the lock's fenced INSERT. A
 * statement runs only if its text is exactly one of them.
 */
const MODULES = import.meta.glob(['./queries.ts', './products.ts', '../patterns/*.ts'], {
	eager: true
});
const SOURCES = import.meta.glob<string>(
	['./queries.ts', './products.ts', '../patterns/*.ts', '../demos/**/*.ts', '../exercises/**/*.ts'],
	{ query: '?raw', import: 'default', eager: true }
);

/** The course writes SQL's keywords in capitals: a demo's title ("Update a row") is not SQL. */
const isSql = (text: string) =>
	/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|CREATE)\s/.test(text);

/** A module's exported strings, and the strings of its exported records and lists. */
function exportedStrings(exports: object): string[] {
	return Object.values(exports).flatMap((value) => {
		if (typeof value === 'string') return [value];
		if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
			return Object.values(value).filter((item): item is string => typeof item === 'string');
		}
		return [];
	});
}

/**
 * The string literals of a module's source, as their values: quoted strings and template
 * literals without `${...}`; comments are skipped. A literal with an escape other than a quote
 * or a backslash is left out (no SQL of the course has one).
 */
export function stringLiterals(code: string): string[] {
	const found: string[] = [];
	for (let i = 0; i < code.length; i++) {
		const c = code[i]!;
		if (c === '/' && code[i + 1] === '/')
			i = code.indexOf('\n', i) < 0 ? code.length : code.indexOf('\n', i);
		else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) + 1 || code.length;
		else if (c === "'" || c === '"' || c === '`') {
			let text = '';
			let plain = true;
			for (i++; i < code.length && code[i] !== c; i++) {
				if (code[i] === '\\') {
					const next = code[++i]!;
					if (!['\\', "'", '"', '`'].includes(next)) plain = false;
					text += next;
				} else if (c === '`' && code[i] === '$' && code[i + 1] === '{') {
					plain = false;
					i = skipInterpolation(code, i + 2);
				} else if (c !== '`' && code[i] === '\n') {
					plain = false; // not a string after all (a quote in a regular expression)
					break;
				} else text += code[i];
			}
			if (plain) found.push(text);
		}
	}
	return found;
}

/** The index of the `}` that closes a template literal's `${`, strings inside it skipped. */
function skipInterpolation(code: string, from: number): number {
	let depth = 1;
	for (let i = from; i < code.length; i++) {
		const c = code[i]!;
		if (c === "'" || c === '"' || c === '`') {
			for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
		} else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return i;
	}
	return code.length;
}

/** Every statement the course runs, with how many `?` parameters it takes. */
const NAMED: ReadonlyMap<string, number> = new Map(
	[
		...Object.values(MODULES).flatMap((exports) => exportedStrings(exports as object)),
		...Object.values(SOURCES).flatMap(stringLiterals)
	]
		.filter(isSql)
		.map((sql) => [sql, placeholders(sql)])
);

/** The `?` of a statement, those inside its quoted SQL strings aside. */
function placeholders(sql: string): number {
	let count = 0;
	let quoted = false;
	for (const c of sql) {
		if (c === "'") quoted = !quoted;
		else if (c === '?' && !quoted) count++;
	}
	return count;
}

/** Whether the text is one of the course's statements (tests, the editor). */
export const isNamedQuery = (sql: string) => NAMED.has(sql);
/** Every statement the course runs (tests). */
export const namedQueries = () => [...NAMED.keys()];

/** The largest parameter /api/db takes (a 400 beyond): the course's own rows are small. */
export const DB_PARAM_BYTES = 4 * 1024;

/** A request the database channel will not run: a 400 with this sentence. */
export class DbRequestError extends Error {}
/** A write the database refused by a constraint (UNIQUE, CHECK, ...): a 409 with its reason. */
export class DbConflictError extends DbRequestError {}

const returnsRows = (sql: string) => /^\s*(SELECT|WITH)\s/i.test(sql) || /\bRETURNING\b/i.test(sql);
const quoted = (sql: string) => JSON.stringify(sql.length > 80 ? `${sql.slice(0, 80)}…` : sql);

function check(sql: string, params: SqlParam[]) {
	const expected = NAMED.get(sql);
	if (expected === undefined) {
		throw new DbRequestError(
			`only the course's own queries run here; ${quoted(sql)} is not one of them ` +
				'(send a statement exactly as the course’s modules write it)'
		);
	}
	if (params.length !== expected) {
		throw new DbRequestError(
			`${quoted(sql)} takes ${expected} parameter${expected === 1 ? '' : 's'}; ${params.length} were sent`
		);
	}
}

/**
 * Runs one of the course's statements (or, `transaction`, several in one SQLite transaction) on
 * the learner's database, through their traced database with their slow-database setting: the
 * SQL trace and the replication of changes to other instances work as for a demo.
 */
export async function runNamedQuery(
	sandbox: Sandbox,
	request: DbRequest,
	slowDbMs: number
): Promise<DbResponse> {
	if (request.mode === 'transaction') {
		for (const [sql, ...params] of request.steps) check(sql, params);
	} else {
		check(request.sql, request.params);
		if (request.mode !== 'run' && !returnsRows(request.sql)) {
			throw new DbRequestError(
				`${quoted(request.sql)} returns no rows: send it with "mode": "run"`
			);
		}
	}
	const run = await sandbox.request({ slowDbMs });
	try {
		const { db } = run.ctx;
		const value: unknown =
			request.mode === 'transaction'
				? await db.transaction(request.steps)
				: request.mode === 'all'
					? await db.all(request.sql, ...request.params)
					: request.mode === 'get'
						? ((await db.get(request.sql, ...request.params)) ?? null)
						: await db.run(request.sql, ...request.params);
		return { value: value as Json, sql: run.sql };
	} catch (error) {
		if ((error as Error).name !== 'SqliteError') throw error;
		const code = String((error as { code?: unknown }).code ?? '');
		const Refusal = code.startsWith('SQLITE_CONSTRAINT') ? DbConflictError : DbRequestError;
		throw new Refusal(`the database refused the statement: ${(error as Error).message}`, {
			cause: error
		});
	} finally {
		await run.close();
	}
}
