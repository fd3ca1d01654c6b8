import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbRequest, DbResponse } from '$lib/editor/protocol';
import {
	DB_PARAM_BYTES,
	isNamedQuery,
	namedQueries,
	stringLiterals
} from '$lib/server/db/named-queries';
import { NO_LEARNER } from '$lib/server/sandbox/learner';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';
import { SELECT_PRODUCT, type Product } from '$lib/server/db/products';
import { SAMPLE_UPDATE, SELECT_TABLE } from '$lib/server/db/queries';
import { SELECT_CARD_SQL } from '$lib/server/patterns/json-fields';
import { closeRedis } from '$lib/server/redis/connection';
import { Sandbox, sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST } from '../../src/routes/api/db/+server';
import { runDemo } from './fixtures';

const learners: string[] = [];
afterAll(async () => {
	for (const id of learners) await sandboxOf(id).reset();
	await closeRedis();
});

function newLearner() {
	const id = randomBytes(16).toString('base64url');
	learners.push(id);
	return id;
}

async function post(
	learnerId: string,
	body: string,
	{
		headers = {},
		slowDbMs = 0,
		newLearner = false
	}: { headers?: Record<string, string>; slowDbMs?: number; newLearner?: boolean } = {}
) {
	const request = new Request('http://localhost/api/db', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body
	});
	const locals = { learnerId, slowDbMs, newLearner };
	const response = await POST({ request, locals } as never);
	return { status: response.status, json: await response.json() };
}

async function query(learnerId: string, request: DbRequest, slowDbMs = 0): Promise<DbResponse> {
	const { status, json } = await post(learnerId, JSON.stringify(request), { slowDbMs });
	expect(status, JSON.stringify(json)).toBe(200);
	return json as DbResponse;
}

/** The lock pattern's fenced write: two statements the lock module writes inline. */
const lockSource = import.meta.glob<string>('/src/lib/server/patterns/lock.ts', {
	query: '?raw',
	import: 'default',
	eager: true
})['/src/lib/server/patterns/lock.ts']!;
const [CREATE_REPORTS, UPSERT_REPORT] = ['CREATE TABLE', 'INSERT INTO reports'].map((start) =>
	stringLiterals(lockSource).find((literal) => literal.trim().startsWith(start))!
);

describe('POST /api/db', () => {
	it('runs a named query on the learner’s database and answers its rows and SQL trace', async () => {
		const id = newLearner();
		const all = await query(id, { mode: 'all', sql: SELECT_TABLE.inventory, params: [] }, 50);
		const rows = all.value as unknown as Product[];
		expect(rows.length).toBeGreaterThan(5);
		expect(rows[0]).toMatchObject({ id: 1, name: expect.any(String), stock: expect.any(Number) });
		expect(all.sql).toEqual([
			expect.objectContaining({
				sql: SELECT_TABLE.inventory,
				params: [],
				rows: rows.length,
				addedLatencyMs: 50
			})
		]);
		expect(all.sql[0]!.ms).toBeGreaterThanOrEqual(50);
		const one = await query(id, { mode: 'get', sql: SELECT_PRODUCT, params: [2] });
		expect(one.value).toEqual(rows[1]);
		expect(
			(await query(id, { mode: 'get', sql: SELECT_PRODUCT, params: [9999] })).value
		).toBeNull();
	});

	it('knows the statements the modules build, export and write inline', () => {
		expect(isNamedQuery(SELECT_CARD_SQL)).toBe(true); // built with ${...}
		expect(isNamedQuery(SELECT_TABLE.sales)).toBe(true);
		expect(isNamedQuery(CREATE_REPORTS!)).toBe(true);
		expect(isNamedQuery(UPSERT_REPORT!)).toBe(true);
		expect(isNamedQuery('UPDATE customers SET city = ? WHERE id = ?')).toBe(true); // redis-hash's record
		expect(isNamedQuery('SELECT body, fence FROM reports WHERE resource = ?')).toBe(true); // a demo's
		expect(isNamedQuery('INSERT INTO inventory VALUES (?, ?, ?, ?, ?)')).toBe(false); // the seed's
		expect(namedQueries().every((sql) => /^\s*[A-Z]+\s/.test(sql))).toBe(true); // no prose
	});

	it.each([
		['DELETE FROM customers'],
		['SELECT 1'],
		[`${SELECT_TABLE.customers};--`],
		[`${SELECT_TABLE.customers} `],
		[SELECT_TABLE.customers.toLowerCase()]
	])('refuses free SQL: %s', async (sql) => {
		const id = newLearner();
		const { status, json } = await post(id, JSON.stringify({ mode: 'all', sql, params: [] }));
		expect(status).toBe(400);
		expect(json.error).toMatch(/^only the course's own queries run here; /);
		const customers = await query(id, { mode: 'all', sql: SELECT_TABLE.customers, params: [] });
		expect((customers.value as unknown[]).length).toBeGreaterThan(5);
	});

	it('makes a write visible to a demo afterwards, on another instance too', async () => {
		const id = newLearner();
		const read = async () =>
			(await query(id, { mode: 'get', sql: SELECT_PRODUCT, params: [1] }))
				.value as unknown as Product;
		const before = await read();
		const write = await query(id, { mode: 'run', sql: SAMPLE_UPDATE.inventory, params: [] });
		expect(write.value).toBe(1);
		expect(write.sql).toEqual([expect.objectContaining({ sql: SAMPLE_UPDATE.inventory, rows: 1 })]);
		const demo = await runDemo(new Sandbox(id), 'view-table', { table: 'inventory' });
		const row = (demo.result as unknown as Product[]).find((p) => p.id === 1)!;
		expect(row.stock).toBe(before.stock + 1);
	});

	it('runs a transaction’s steps in one SQLite transaction', async () => {
		const id = newLearner();
		const { value, sql } = await query(id, {
			mode: 'transaction',
			steps: [[CREATE_REPORTS!], [UPSERT_REPORT!, 'report', 'first', 1]]
		});
		expect(value).toEqual([0, 1]);
		expect(sql.map((entry) => entry.rows)).toEqual([0, 1]);
		// A step that fails undoes the others.
		const failed = await post(
			id,
			JSON.stringify({
				mode: 'transaction',
				steps: [
					[UPSERT_REPORT!, 'report', 'second', 2],
					[UPSERT_REPORT!, 'other', null, 3]
				]
			})
		);
		expect(failed.status).toBe(409); // a constraint: the request conflicts with the data
		expect(failed.json.error).toMatch(
			/^the database refused the statement: NOT NULL constraint failed/
		);
		const report = await query(id, {
			mode: 'get',
			sql: 'SELECT body, fence FROM reports WHERE resource = ?',
			params: ['report']
		});
		expect(report.value).toEqual({ body: 'first', fence: 1 });
	});

	it.each([
		['a parameter that is an object', { mode: 'get', sql: SELECT_PRODUCT, params: [{ id: 1 }] }],
		['a parameter that is a boolean', { mode: 'get', sql: SELECT_PRODUCT, params: [true] }],
		['too few parameters', { mode: 'get', sql: SELECT_PRODUCT, params: [] }],
		['too many parameters', { mode: 'get', sql: SELECT_PRODUCT, params: [1, 2] }],
		['no params', { mode: 'get', sql: SELECT_PRODUCT }],
		['an unknown mode', { mode: 'exec', sql: SELECT_PRODUCT, params: [1] }],
		['rows asked of a write', { mode: 'all', sql: SAMPLE_UPDATE.inventory, params: [] }],
		['a free step in a transaction', { mode: 'transaction', steps: [['DELETE FROM sales']] }],
		['an empty transaction', { mode: 'transaction', steps: [] }],
		['{}', {}]
	])('answers 400 to %s, in a sentence', async (_case, body) => {
		const { status, json } = await post(newLearner(), JSON.stringify(body));
		expect(status).toBe(400);
		expect(json.error).toMatch(/^[^\n]{20,}$/);
		expect(json.error).not.toMatch(/RangeError|TypeError|better-sqlite3/);
	});

	it('runs a write the database refuses as a 400 with the database’s reason', async () => {
		const { status, json } = await post(
			newLearner(),
			JSON.stringify({ mode: 'run', sql: UPSERT_REPORT, params: ['r', 'b', 1] })
		);
		expect(status).toBe(400);
		expect(json.error).toBe('the database refused the statement: no such table: reports');
	});

	it(`refuses a parameter over ${DB_PARAM_BYTES / 1024} KB with a 400 and a sentence`, async () => {
		const id = newLearner();
		const big = 'x'.repeat(DB_PARAM_BYTES + 1);
		for (const body of [
			{ mode: 'run', sql: UPSERT_REPORT, params: ['r', big, 1] },
			{ mode: 'transaction', steps: [[CREATE_REPORTS], [UPSERT_REPORT, 'r', big, 1]] }
		]) {
			const { status, json } = await post(id, JSON.stringify(body));
			expect(status).toBe(400);
			expect(json.error).toBe(`A parameter may be at most ${DB_PARAM_BYTES / 1024} KB.`);
		}
		const fits = 'x'.repeat(DB_PARAM_BYTES);
		await query(id, {
			mode: 'transaction',
			steps: [[CREATE_REPORTS!], [UPSERT_REPORT!, 'r', fits, 1]]
		});
	});

	it(`charges each statement to the learner’s budget: 429 with Retry-After past ${RUN_BUDGET.commands}`, async () => {
		const id = newLearner();
		const steps = Array.from({ length: RUN_BUDGET.perBatch }, () => [SELECT_TABLE.inventory]);
		const body = JSON.stringify({ mode: 'transaction', steps });
		for (let i = 0; i < RUN_BUDGET.commands / RUN_BUDGET.perBatch; i++) {
			expect((await post(id, body)).status).toBe(200);
		}
		const request = new Request('http://localhost/api/db', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ mode: 'all', sql: SELECT_TABLE.inventory, params: [] })
		});
		const response = await POST({ request, locals: { learnerId: id, slowDbMs: 0 } } as never);
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await response.json()).error).toMatch(/^sandbox limit: \d+ commands per \d+ s/);
	});

	it('refuses a request that brought no learner cookie: 409, open a lesson first', async () => {
		const body = JSON.stringify({ mode: 'all', sql: SELECT_TABLE.inventory, params: [] });
		const { status, json } = await post(newLearner(), body, { newLearner: true });
		expect(status).toBe(409);
		expect(json.error).toBe(NO_LEARNER);
		expect(NO_LEARNER).toMatch(/^Open a lesson first: /);
	});

	it.each([
		['text/plain', 415, { 'content-type': 'text/plain' }],
		['another origin', 403, { origin: 'https://evil.example' }]
	])('answers %s with %i', async (_case, status, headers) => {
		const body = JSON.stringify({ mode: 'all', sql: SELECT_TABLE.inventory, params: [] });
		expect((await post(newLearner(), body, { headers })).status).toBe(status);
	});
});
