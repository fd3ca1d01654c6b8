import { fail, type ActionFailure } from '@sveltejs/kit';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * A posted form's fields, one text value each. A body that is not a form (415), cannot be read
 * as one (400), or names a field twice or sends a file (400) is answered with a sentence: a
 * request's mistake is never a server error.
 */
export async function readForm(
	request: Request
): Promise<Map<string, string> | ActionFailure<{ error: string }>> {
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type))
		return fail(415, {
			error: 'Send the form as application/x-www-form-urlencoded or multipart/form-data.'
		});
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return fail(400, { error: 'The form could not be read: its body is not a well-formed form.' });
	}
	const fields = new Map<string, string>();
	for (const [name, value] of form) {
		if (typeof value !== 'string')
			return fail(400, { error: `The field "${name}" must be text, not a file.` });
		if (fields.has(name))
			return fail(400, { error: `The field "${name}" is sent twice: send it once.` });
		fields.set(name, value);
	}
	return fields;
}
