import { randomBytes } from 'node:crypto';
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { consoleReply, expect, postLine, test } from './helpers';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A fresh learner over HTTP only: a new request context, so no cookie and no shared limit. */
test.describe('POST /api/console', () => {
	let contexts: APIRequestContext[] = [];
	const newLearner = async (playwright: PlaywrightWorkerArgs['playwright'], baseURL?: string) => {
		const context = await playwright.request.newContext({ baseURL });
		contexts.push(context);
		return context;
	};
	test.afterEach(async () => {
		await Promise.all(contexts.map((context) => context.dispose()));
		contexts = [];
	});

	test('a request without a cookie gets a learner cookie and a reply', async ({
		playwright,
		baseURL
	}) => {
		const request = await newLearner(playwright, baseURL);
		expect((await request.storageState()).cookies).toHaveLength(0);

		const response = await postLine(request, 'SET greeting hello');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('application/json');
		expect(await response.json()).toEqual({ reply: 'OK', error: false });

		const setCookie = response.headers()['set-cookie'] ?? '';
		expect(setCookie).toMatch(/(^|\n)learner=[A-Za-z0-9_-]{22};/);
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		const cookies = (await request.storageState()).cookies;
		expect(cookies.map((c) => c.name)).toEqual(['learner']);

		// The cookie is the sandbox: the next line, with it, reads what the first one wrote.
		expect(await consoleReply(request, 'GET greeting')).toEqual({
			reply: '"hello"',
			error: false
		});
		const again = await postLine(request, 'GET greeting');
		expect(again.headers()['set-cookie'], 'a known learner keeps their cookie').toBeUndefined();

		// A refusal is a 200 with error: true and a one-line message.
		const refused = await consoleReply(request, 'CONFIG GET maxmemory');
		expect(refused.error).toBe(true);
		expect(refused.reply).toMatch(/^\(error\) not available in the sandbox: CONFIG \S[^\n]*$/);
	});

	const BAD_BODIES: {
		name: string;
		send: (request: APIRequestContext) => ReturnType<APIRequestContext['post']>;
		says: RegExp;
		status?: number;
	}[] = [
		{
			name: 'no body',
			send: (request) => request.post('/api/console'),
			says: /JSON/
		},
		{
			name: 'an empty JSON body',
			send: (request) => request.post('/api/console', { data: '', headers: JSON_HEADERS }),
			says: /JSON/
		},
		{
			name: 'a body that is not JSON',
			send: (request) =>
				request.post('/api/console', { data: 'SET greeting hello', headers: JSON_HEADERS }),
			says: /JSON/
		},
		{
			name: 'JSON without a line',
			send: (request) => request.post('/api/console', { data: '{}', headers: JSON_HEADERS }),
			says: /line/
		},
		{
			name: '{ "line": 5 }',
			send: (request) =>
				request.post('/api/console', { data: '{"line": 5}', headers: JSON_HEADERS }),
			says: /line/
		},
		{
			name: 'JSON null',
			send: (request) => request.post('/api/console', { data: 'null', headers: JSON_HEADERS }),
			says: /JSON/
		},
		{
			name: 'a body over 1 MB',
			send: (request) =>
				request.post('/api/console', {
					data: JSON.stringify({ line: `SET big ${'x'.repeat(1024 * 1024)}` }),
					headers: JSON_HEADERS
				}),
			says: /too large/i,
			status: 413
		},
		{
			name: 'two lines in one',
			send: (request) => postLine(request, 'SET a 1\r\nFLUSHALL'),
			says: /one line/i
		}
	];
	for (const bad of BAD_BODIES) {
		test(`${bad.status ?? 400} with a readable message: ${bad.name}`, async ({
			playwright,
			baseURL
		}) => {
			const request = await newLearner(playwright, baseURL);
			const response = await bad.send(request);
			expect(response.status()).toBe(bad.status ?? 400);
			expect(response.headers()['content-type']).toContain('application/json');
			const body = (await response.json()) as { error?: unknown };
			expect(typeof body.error, JSON.stringify(body).slice(0, 200)).toBe('string');
			const message = body.error as string;
			expect(message).toMatch(bad.says);
			expect(message.length).toBeLessThan(200);
			expect(message).not.toMatch(/\n|at \w+ \(|Error:/);
		});
	}

	test('61 lines within 10 s: the 61st answers 429 with Retry-After', async ({
		playwright,
		baseURL
	}) => {
		const request = await newLearner(playwright, baseURL);
		const started = Date.now();
		for (let i = 1; i <= 60; i++) {
			const response = await postLine(request, `INCR counter`);
			expect(response.status(), `line ${i}`).toBe(200);
			expect(await response.json()).toEqual({ reply: `(integer) ${i}`, error: false });
		}
		const over = await postLine(request, 'INCR counter');
		expect(Date.now() - started, 'the 61 lines went out within the window').toBeLessThan(10_000);
		expect(over.status()).toBe(429);
		const retryAfter = Number(over.headers()['retry-after']);
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(10);
		const body = (await over.json()) as { reply: string; error: boolean };
		expect(body.error).toBe(true);
		expect(body.reply).toMatch(/^\(error\) sandbox limit: 60 commands per 10 s/);

		// The refused line did not run, and another learner is not limited.
		const other = await newLearner(playwright, baseURL);
		expect(await consoleReply(other, 'GET counter')).toEqual({ reply: '(nil)', error: false });
	});

	test("two learners: B's GET, KEYS * and SCAN 0 do not see A's key", async ({
		playwright,
		baseURL
	}) => {
		const a = await newLearner(playwright, baseURL);
		const b = await newLearner(playwright, baseURL);
		const key = `secret:${randomBytes(6).toString('hex')}`;

		expect(await consoleReply(a, `SET ${key} from-a`)).toEqual({ reply: 'OK', error: false });
		expect(await consoleReply(a, `GET ${key}`)).toEqual({ reply: '"from-a"', error: false });
		expect((await consoleReply(a, 'KEYS *')).reply).toBe(`1) "${key}"`);

		expect(await consoleReply(b, `GET ${key}`)).toEqual({ reply: '(nil)', error: false });
		expect(await consoleReply(b, 'KEYS *')).toEqual({ reply: '(empty array)', error: false });
		expect(await consoleReply(b, `EXISTS ${key}`)).toEqual({ reply: '(integer) 0', error: false });

		const first = await consoleReply(b, 'SCAN 0');
		expect(first.error).toBe(false);
		expect(first.reply).toMatch(/^1\) "\d+"\n2\) \(empty array\)$/);

		// SCAN walks only B's namespace: follow the cursor to the end, no key turns up.
		let cursor = '0';
		let rounds = 0;
		do {
			const { reply, error } = await consoleReply(b, `SCAN ${cursor} COUNT 1000`);
			expect(error).toBe(false);
			expect(reply).not.toContain('secret:');
			const match = /^1\) "(\d+)"\n2\) ([\s\S]*)$/.exec(reply);
			expect(match, `a SCAN reply: ${reply}`).not.toBeNull();
			expect(match![2]).toBe('(empty array)');
			cursor = match![1]!;
		} while (cursor !== '0' && ++rounds < 40);
		expect(cursor, 'SCAN walked to the end').toBe('0');

		// B writing the same name does not touch A's value.
		expect(await consoleReply(b, `SET ${key} from-b`)).toEqual({ reply: 'OK', error: false });
		expect(await consoleReply(a, `GET ${key}`)).toEqual({ reply: '"from-a"', error: false });
	});
});
