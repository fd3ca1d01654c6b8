/**
 * A post that is not a well-formed form, or names a field twice, is the request's mistake: a
 * 4xx with a sentence on every form action, never a 500 (issue 13, hostile requests).
 */
import { parse } from 'devalue';
import { expect, FORM_ACTIONS as ACTIONS, ORIGIN, test } from './helpers';

for (const action of ACTIONS) {
	test(`${action}: a body that is no form is 415 or 400, a repeated field 400`, async ({
		request
	}) => {
		const post = async (data: string, type: string) => {
			const response = await request.post(action, {
				headers: { 'content-type': type, origin: ORIGIN, accept: 'application/json' },
				data,
				maxRedirects: 0
			});
			expect(response.status(), `${type}: ${data}`).toBeLessThan(500);
			const body = (await response.json()) as { type: string; status: number; data: string };
			return { status: body.status, error: (parse(body.data) as { error: string }).error };
		};
		expect(await post('demo=cache-aside-read', 'text/plain')).toEqual({
			status: 415,
			error: 'Send the form as application/x-www-form-urlencoded or multipart/form-data.'
		});
		expect(await post('demo=x', 'multipart/form-data')).toEqual({
			status: 400,
			error: 'The form could not be read: its body is not a well-formed form.'
		});
		const twice = await post('a=1&a=2', 'application/x-www-form-urlencoded');
		expect(twice).toEqual({ status: 400, error: 'The field "a" is sent twice: send it once.' });
	});
}

test('a plain form post of a repeated field gets the lesson page back with the sentence, not a 500', async ({
	request
}) => {
	const response = await request.post('/learn/basic-caching/cache-aside?/demo', {
		// What a browser without JavaScript sends: it wants the page back, as HTML.
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: ORIGIN,
			accept: 'text/html'
		},
		data: 'demo=cache-aside-read&table=bogus&table=inventory'
	});
	expect(response.status()).toBeLessThan(500);
	const page = await response.text();
	expect(page).toContain('<h1');
	expect(page).toMatch(/The field [^ ]*table[^ ]* is sent twice: send it once./);
});
