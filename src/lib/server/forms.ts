import { fail, type ActionFailure } from '@sveltejs/kit';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export const NOT_A_FORM =
	'Send the form as application/x-www-form-urlencoded or multipart/form-data.';

/** A request's content type, lower case, without its parameters ('' when it has none). */
export const contentTypeOf = (request: Request) =>
	request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The largest body the server reads, in bytes: adapter-node's BODY_SIZE_LIMIT ('512K' unless
 * set; K, M and G multiply by 1024), which refuses a larger body while it is being read.
 */
export function bodySizeLimit(value = process.env.BODY_SIZE_LIMIT ?? '512K'): number {
	const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.at(-1)?.toUpperCase() ?? ''];
	return Number(multiplier ? value.slice(0, -1) : value) * (multiplier ?? 1);
}

/** "512 KB", "2 MB": the limit as a learner reads it. */
export function sizeInWords(bytes: number): string {
	if (!Number.isFinite(bytes)) return 'any size';
	if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`;
	if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
	return `${bytes} bytes`;
}

export const BODY_TOO_LARGE = `The request body is too large: this server reads at most ${sizeInWords(bodySizeLimit())}.`;

/** A name the request sent, quoted for a message: escaped (no line breaks) and cut short. */
export const quoted = (name: string) =>
	JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);

/** What reading a body past BODY_SIZE_LIMIT throws (adapter-node's error carries status 413). */
export const isTooLarge = (error: unknown) =>
	(error as { status?: unknown } | null)?.status === 413;

/**
 * A posted form's fields, one text value each. A body that is not a form (415), is larger than
 * the server reads (413), cannot be read as one (400), or names a field twice or sends a file
 * (400) is answered with a sentence: a request's mistake is never a server error.
 */
export async function readForm(
	request: Request
): Promise<Map<string, string> | ActionFailure<{ error: string }>> {
	const type = contentTypeOf(request);
	if (!FORM_TYPES.includes(type)) return fail(415, { error: NOT_A_FORM });
	let form: Iterable<[string, FormDataEntryValue]>;
	try {
		// A click's form is URL-encoded: URLSearchParams reads it as request.formData() would,
		// without building a FormData on every click.
		form =
			type === FORM_TYPES[0] ? new URLSearchParams(await request.text()) : await request.formData();
	} catch (error) {
		if (isTooLarge(error)) return fail(413, { error: BODY_TOO_LARGE });
		return fail(400, { error: 'The form could not be read: its body is not a well-formed form.' });
	}
	const fields = new Map<string, string>();
	for (const [name, value] of form) {
		if (typeof value !== 'string')
			return fail(400, { error: `The field ${quoted(name)} must be text, not a file.` });
		if (fields.has(name))
			return fail(400, { error: `The field ${quoted(name)} is sent twice: send it once.` });
		fields.set(name, value);
	}
	return fields;
}
