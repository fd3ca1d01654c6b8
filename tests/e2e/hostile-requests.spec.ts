/**
 * Requests no browser of the course sends: a body too large, another origin, random bytes under
 * any content type and boundary, and one learner's clicks piling up on one demo. None is a 5xx;
 * each is told what was wrong in a sentence (issue 13, hostile requests). The plain malformed
 * forms (text/plain, no boundary, a repeated field) are in bad-forms.spec.ts.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { parse } from 'devalue';
import fc from 'fast-check';
import { expect, FORM_ACTIONS as ACTIONS, ORIGIN, test } from './helpers';

const TOO_LARGE = 'The request body is too large: this server reads at most 512 KB.';
const STILL_RUNNING =
	'That demo is still running from your last click; try again when it finishes.';
const TWO_MB = 2 * 1024 * 1024;
const NOT_A_FORM = 'Send the form as application/x-www-form-urlencoded or multipart/form-data.';

/** A form body of 2 MB: one field with a long value. */
const bigForm = () => `demo=cache-aside-read&table=${'a'.repeat(TWO_MB)}`;

interface ActionAnswer {
	type: string;
	status?: number;
	error?: string;
}

/** SvelteKit's JSON answer to an enhanced form post: its type, and a failure's status and error. */
async function actionAnswer(response: APIResponse | Response): Promise<ActionAnswer> {
	const text = await response.text();
	const body = JSON.parse(text) as {
		type: string;
		status?: number;
		data?: string;
		error?: { message: string };
	};
	// An action's failure carries its data (devalue), a refusal before the action an error.
	if (body.type === 'error') return { type: 'error', error: body.error?.message };
	const data = body.data ? (parse(body.data) as { error?: string }) : {};
	return { type: body.type, status: body.status, error: data.error };
}

for (const action of ACTIONS) {
	test(`${action}: a 2 MB body is a 413 with a sentence, with a length or chunked`, async ({
		request
	}) => {
		const headers = {
			'content-type': 'application/x-www-form-urlencoded',
			origin: ORIGIN,
			accept: 'application/json'
		};
		const sized = await request.post(action, { headers, data: bigForm(), maxRedirects: 0 });
		expect(sized.status()).toBe(200);
		expect(await actionAnswer(sized)).toEqual({ type: 'failure', status: 413, error: TOO_LARGE });

		// No content-length: the body is refused while it is read.
		const body = new Blob([bigForm()]).stream();
		const chunked = await fetch(`${ORIGIN}${action}`, {
			method: 'POST',
			body,
			headers,
			duplex: 'half'
		} as RequestInit);
		expect(chunked.status).toBe(200);
		expect(await actionAnswer(chunked)).toEqual({
			type: 'failure',
			status: 413,
			error: TOO_LARGE
		});
	});
}

test('a 2 MB form posted without JavaScript gets the page back, 413, with the sentence', async ({
	request
}) => {
	const response = await request.post('/learn/basic-caching/cache-aside?/demo', {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: ORIGIN,
			accept: 'text/html'
		},
		data: bigForm()
	});
	expect(response.status()).toBe(413);
	const page = await response.text();
	expect(page).toContain('<h1');
	expect(page).toContain(TOO_LARGE);
});

test('a 2 MB body to the console endpoint is a 413 with a sentence', async ({ request }) => {
	const response = await request.post('/api/console', {
		headers: { 'content-type': 'application/json' },
		data: JSON.stringify({ line: `SET k ${'v'.repeat(TWO_MB)}` })
	});
	expect(response.status()).toBe(413);
	expect(await response.json()).toEqual({ error: TOO_LARGE });
});

test('a form posted from another origin is refused with a 403, whatever its type', async ({
	request
}) => {
	for (const action of ACTIONS) {
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'text/plain'
		]) {
			const response = await request.post(action, {
				headers: { 'content-type': type, origin: 'https://evil.example', accept: 'text/html' },
				data: 'demo=cache-aside-read',
				maxRedirects: 0
			});
			expect(response.status(), `${action} as ${type}`).toBe(403);
			expect(await response.text()).toContain('Cross-site');
		}
	}
});

test('a body that is no form at all (JSON, bytes, no type) is a 415 with the same sentence', async ({
	request
}) => {
	for (const action of ACTIONS) {
		for (const type of ['application/json', 'application/octet-stream', '']) {
			const response = await request.post(action, {
				headers: { 'content-type': type, origin: ORIGIN, accept: 'application/json' },
				data: Buffer.from('{"demo":"cache-aside-read"}'),
				maxRedirects: 0
			});
			expect(response.status(), `${action} as ${type}`).toBe(415);
			expect(await actionAnswer(response)).toEqual({ type: 'error', error: NOT_A_FORM });
		}
	}
});

// ---------------------------------------------------------------------------------------------
// One learner, one demo, many clicks at once

/** Posts `count` clicks of one demo at once, as one learner; their answers. */
async function clicksAtOnce(request: APIRequestContext, lesson: string, demo: string, count = 5) {
	const responses = await Promise.all(
		Array.from({ length: count }, () =>
			request.post(`${lesson}?/demo`, {
				form: { demo },
				headers: { origin: ORIGIN, accept: 'application/json' },
				maxRedirects: 0
			})
		)
	);
	return Promise.all(
		responses.map(async (response) => {
			expect(response.status(), `${demo}: the HTTP status`).toBe(200);
			return actionAnswer(response);
		})
	);
}

test('five clicks at once of lock-race and of write-behind-crash: they take turns, never a 5xx', async ({
	request
}) => {
	test.slow(); // each lock-race waits for two short locks to run out
	await request.get('/learn/real-world/distributed-lock'); // the learner's cookie
	const [locks, crashes] = await Promise.all([
		clicksAtOnce(request, '/learn/real-world/distributed-lock', 'lock-race'),
		clicksAtOnce(request, '/learn/basic-caching/write-behind', 'write-behind-crash')
	]);
	for (const [demo, answers] of [
		['lock-race', locks],
		['write-behind-crash', crashes]
	] as const) {
		for (const answer of answers) {
			if (answer.type === 'success') continue;
			// The one past the three that may wait is told to try again, with a 409, not a 503.
			expect(answer, demo).toEqual({ type: 'failure', status: 409, error: STILL_RUNNING });
		}
		// One runs and three wait their turn: they run one after the other, each one whole.
		const ran = answers.filter((answer) => answer.type === 'success').length;
		expect(ran, `${demo}: clicks that ran`).toBeGreaterThanOrEqual(4);
	}
});

// ---------------------------------------------------------------------------------------------
// Random bodies, types and boundaries

const TYPES = [
	'application/x-www-form-urlencoded',
	'application/x-www-form-urlencoded; charset=utf-16',
	'multipart/form-data',
	'multipart/form-data; boundary=',
	'multipart/form-data; boundary=x',
	'multipart/form-data; boundary="a b"',
	'multipart/form-data; boundary=' + 'b'.repeat(80),
	'MULTIPART/FORM-DATA; BOUNDARY=X',
	'text/plain',
	'application/json',
	'application/octet-stream',
	'text/html; charset=utf-8',
	'*/*',
	';;;',
	'form-data'
];

const field = fc.oneof(
	fc.constantFrom('demo', 'table', 'lesson', 'answer', 'slowDbMs', '__proto__', 'a[]', ''),
	fc.string({ maxLength: 20 })
);
const value = fc.oneof(
	fc.constantFrom('cache-aside-read', 'inventory', '0', '-1', 'NaN', '\r\n', '\u0000'),
	fc.string({ unit: 'binary', maxLength: 50 })
);

/** A urlencoded body of random fields, some perhaps named twice. */
const urlencoded = fc
	.array(fc.tuple(field, value), { maxLength: 6 })
	.map((pairs) => new URLSearchParams(pairs).toString());

/** A multipart body whose declared boundary may or may not be the one it uses. */
const multipart = fc
	.record({
		boundary: fc.constantFrom('x', 'X', 'a b', 'b'.repeat(80), '--', ''),
		pairs: fc.array(fc.tuple(field, value), { maxLength: 4 }),
		file: fc.boolean(),
		end: fc.boolean()
	})
	.map(({ boundary, pairs, file, end }) => {
		const parts = pairs.map(
			([name, data]) =>
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="f.txt"' : ''}\r\n\r\n${data}\r\n`
		);
		return parts.join('') + (end ? `--${boundary}--\r\n` : '');
	});

const body = fc.oneof(
	urlencoded,
	multipart,
	fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
	fc.string({ unit: 'binary', maxLength: 300 })
);

test('random bytes under random content types and boundaries: a 4xx with a sentence or a result, never a 5xx', async ({
	request
}) => {
	test.slow();
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...ACTIONS, '/api/console'),
			fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 40 })),
			body,
			async (target, type, data) => {
				const response = await request.post(target, {
					headers: { 'content-type': type, origin: ORIGIN, accept: 'application/json' },
					data,
					maxRedirects: 0,
					failOnStatusCode: false
				});
				const what = `${target} as ${JSON.stringify(type)}: ${JSON.stringify(String(data)).slice(0, 200)}`;
				expect(response.status(), what).toBeLessThan(500);
				if (target === '/api/console') {
					const answer = (await response.json()) as { reply?: string; error?: unknown };
					if (response.status() >= 400 && typeof answer.error === 'string')
						expect(answer.error.length, what).toBeGreaterThan(10);
					return;
				}
				// A form type (text/plain too): the action answers, in JSON.
				const answer = await actionAnswer(response);
				if (answer.type === 'error') {
					// No form at all (JSON, bytes, no type): refused before any action runs.
					expect(response.status(), what).toBe(415);
					expect(answer.error, what).toBe(NOT_A_FORM);
					return;
				}
				expect(['success', 'failure', 'redirect'], what).toContain(answer.type);
				if (answer.type === 'failure') {
					expect(answer.status, what).toBeGreaterThanOrEqual(400);
					expect(answer.status, what).toBeLessThan(500);
					expect(answer.error, what).toMatch(/^["\p{L}].{10,}/u);
				}
			}
		),
		{ numRuns: 150 }
	);
});
