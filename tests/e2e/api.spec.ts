import { parse } from 'devalue';
import { expect, postDemo, test } from './helpers';

const CACHE_ASIDE = '/learn/basic-caching/cache-aside';

interface ActionResult {
	type: string;
	status: number;
	data: string;
}

/** One demo call as the enhanced form makes it: JSON back, action data serialized by devalue. */
async function call(request: Parameters<typeof postDemo>[0], form: Record<string, string>) {
	const response = await postDemo(request, CACHE_ASIDE, form);
	expect(response.status(), 'never a server error').toBeLessThan(500);
	expect(response.headers()['content-type']).toContain('application/json');
	const body = (await response.json()) as ActionResult;
	return { response, body, data: parse(body.data) as Record<string, unknown> };
}

test.describe('the demo contract over HTTP', () => {
	test('cache-aside-read returns { demo, outcome, result, trace, sql, ms }', async ({
		request
	}) => {
		const miss = await call(request, { demo: 'cache-aside-read', table: 'inventory' });
		expect(miss.response.status()).toBe(200);
		expect(miss.body.type).toBe('success');
		const data = miss.data;
		expect(data).toMatchObject({ demo: 'cache-aside-read', outcome: 'miss' });
		expect(typeof data.ms).toBe('number');
		expect(data.ms as number).toBeGreaterThan(0);

		const result = data.result as { id: number; stock: number }[];
		expect(Array.isArray(result)).toBe(true);
		expect(result).toHaveLength(10);
		expect(result[0]).toMatchObject({ id: 1, stock: expect.any(Number) });

		const trace = data.trace as { cmd: string; args: string[]; reply: string; ms: number }[];
		expect(trace.map((t) => t.cmd)).toEqual(['GET', 'SET']);
		for (const entry of trace) {
			expect(entry).toEqual(
				expect.objectContaining({
					cmd: expect.any(String),
					args: expect.any(Array),
					reply: expect.any(String),
					ms: expect.any(Number)
				})
			);
			for (const arg of entry.args) {
				expect(typeof arg).toBe('string');
				expect(arg.startsWith('sbx:'), `argument "${arg.slice(0, 40)}"`).toBe(false);
			}
		}
		expect(trace[0]).toMatchObject({ args: ['query:inventory'], reply: '(nil)' });
		expect(trace[1]).toMatchObject({ reply: 'OK' });
		expect(trace[1]!.args[0]).toBe('query:inventory');
		expect(trace[1]!.args.slice(2)).toEqual(['EX', '60']);
		expect(JSON.parse(trace[1]!.args[1]!)).toEqual(result);
		// The sandbox prefix is nowhere in what the learner sees.
		expect(miss.body.data).not.toContain('sbx:');

		const sql = data.sql as { sql: string; params: unknown[]; rows: number; ms: number }[];
		expect(sql).toHaveLength(1);
		expect(sql[0]).toMatchObject({ params: [], rows: 10, ms: expect.any(Number) });
		expect(sql[0]!.sql).toMatch(/^SELECT .* FROM inventory/);

		// The same learner (the request context keeps the cookie) now hits.
		const hit = await call(request, { demo: 'cache-aside-read', table: 'inventory' });
		expect(hit.body.type).toBe('success');
		expect(hit.data).toMatchObject({ demo: 'cache-aside-read', outcome: 'hit', sql: [] });
		expect((hit.data.trace as { cmd: string }[]).map((t) => t.cmd)).toEqual(['GET']);
		expect(hit.data.result).toEqual(result);
	});

	// `inPage`: a plain form post can send it (the page's own form, a table tampered with), so the
	// error must be shown in the re-rendered page too.
	const BAD_INPUT: {
		name: string;
		form: Record<string, string>;
		says: RegExp;
		inPage?: boolean;
	}[] = [
		{
			name: 'an unknown demo id',
			form: { demo: 'no-such-demo', table: 'inventory' },
			says: /no demo called "no-such-demo"/
		},
		{
			name: 'a demo of another lesson',
			form: { demo: 'view-table', table: 'inventory' },
			says: /"view-table" is not part of this lesson/
		},
		{
			name: 'no demo at all',
			form: { table: 'inventory' },
			says: /which demo/i
		},
		{
			name: 'a missing table',
			form: { demo: 'cache-aside-read' },
			says: /\bTable\b/,
			inPage: true
		},
		{
			name: 'table=users',
			form: { demo: 'cache-aside-read', table: 'users' },
			says: /Table must be one of: inventory, customers, sales/,
			inPage: true
		}
	];

	for (const { name, form, says } of BAD_INPUT) {
		test(`${name} is a 400 with a readable error`, async ({ request }) => {
			const { body, data } = await call(request, form);
			expect(body.type).toBe('failure');
			expect(body.status).toBe(400);
			expect(typeof data.error).toBe('string');
			const error = data.error as string;
			expect(error).toMatch(says);
			// Readable: a sentence for a person, not a validator's internals.
			expect(error).not.toMatch(/Invalid key|Expected|received|undefined|\[object/);

			// A plain form post (no JavaScript) gets the same status on the HTTP response.
			const html = await postDemo(request, CACHE_ASIDE, form, 'text/html');
			expect(html.status()).toBe(400);
		});
	}

	for (const { name, form } of BAD_INPUT.filter(({ inPage }) => inPage)) {
		test(`${name}, posted by a plain form, shows its error in the re-rendered page`, async ({
			request
		}) => {
			const { data } = await call(request, form);
			const error = data.error as string;
			const html = await postDemo(request, CACHE_ASIDE, form, 'text/html');
			expect(html.status()).toBe(400);
			expect(await html.text()).toContain(error.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
		});
	}
});

test('GET /api/health says Redis is connected', async ({ request }) => {
	const response = await request.get('/api/health');
	expect(response.status()).toBe(200);
	const health = (await response.json()) as { connected: boolean; version: string | null };
	expect(health.connected).toBe(true);
	expect(health.version).toMatch(/^\d+\.\d+/);
});
