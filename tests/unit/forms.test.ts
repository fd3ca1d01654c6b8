import { describe, expect, it } from 'vitest';
import { readForm } from '../../src/lib/server/forms';

const post = (body: BodyInit, type?: string) =>
	new Request('http://localhost/learn', {
		method: 'POST',
		body,
		...(type && { headers: { 'content-type': type } })
	});

/** The fields readForm read, or the status and message it refused the body with. */
async function read(request: Request) {
	const fields = await readForm(request);
	return fields instanceof Map
		? Object.fromEntries(fields)
		: { status: fields.status, error: fields.data.error };
}

describe('readForm', () => {
	it('reads a URL-encoded form as a browser sends it: + is a space, escapes decoded', async () => {
		const body = 'demo=tag-set&key=product%3A1&tags=a+b%2Cc&value=caf%C3%A9+%26+%3D';
		expect(await read(post(body, 'application/x-www-form-urlencoded; charset=UTF-8'))).toEqual({
			demo: 'tag-set',
			key: 'product:1',
			tags: 'a b,c',
			value: 'café & ='
		});
	});

	it('reads the same fields from a multipart form', async () => {
		const form = new FormData();
		form.set('demo', 'tag-set');
		form.set('tags', 'a b,c');
		expect(await read(post(form))).toEqual({ demo: 'tag-set', tags: 'a b,c' });
	});

	it('refuses a field sent twice, in either encoding', async () => {
		const urlencoded = post('table=bogus&table=inventory', 'application/x-www-form-urlencoded');
		const twice = { status: 400, error: 'The field "table" is sent twice: send it once.' };
		expect(await read(urlencoded)).toEqual(twice);
		const form = new FormData();
		form.append('table', 'bogus');
		form.append('table', 'inventory');
		expect(await read(post(form))).toEqual(twice);
	});

	it('refuses a file, a body that is not a form, and a multipart body without its boundary', async () => {
		const form = new FormData();
		form.set('key', new Blob(['x']), 'x.txt');
		expect(await read(post(form))).toMatchObject({ status: 400, error: /must be text/ });
		expect(await read(post('demo=x', 'text/plain'))).toMatchObject({ status: 415 });
		// A string body without a declared type is sent as text/plain.
		expect(await read(post('demo=x'))).toMatchObject({ status: 415 });
		expect(await read(post('--x\r\n', 'multipart/form-data'))).toMatchObject({
			status: 400,
			error: /not a well-formed form/
		});
	});

	it('reads malformed escapes and bytes as the browser would, never failing', async () => {
		const body = 'value=%E0%A4%A&key=%ZZ&bytes=%FF%FE';
		expect(await read(post(body, 'application/x-www-form-urlencoded'))).toEqual({
			value: '\uFFFD%A',
			key: '%ZZ',
			bytes: '\uFFFD\uFFFD'
		});
	});
});
