import { BODY_TOO_LARGE, contentTypeOf, isTooLarge, sizeInWords } from '../forms';
import { LIMITS } from './console-policy';

/** The body /api/run and /api/db read: one argument as large as the console allows, and room. */
export const CHANNEL_BODY_BYTES = LIMITS.argBytes + 8 * 1024;

/**
 * The body of a JSON endpoint the editor posts to (`/api/run`, `/api/db`), read with its
 * refusals as sentences: another origin (403), not JSON (415), too large (413), not parsable
 * (400, with the shape the endpoint expects).
 */
export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: string };

const refuse = (status: number, error: string): JsonBody => ({ ok: false, status, error });

export async function readJsonBody(
	request: Request,
	{ maxBytes, shape }: { maxBytes: number; shape: string }
): Promise<JsonBody> {
	// Browsers name the page that sent a request; the editor's worker posts from the course's own.
	const origin = request.headers.get('origin');
	if (
		(origin !== null && origin !== new URL(request.url).origin) ||
		['cross-site', 'same-site'].includes(request.headers.get('sec-fetch-site') ?? '')
	) {
		return refuse(403, 'Only the course’s own pages may send this request.');
	}
	if (contentTypeOf(request) !== 'application/json') {
		return refuse(415, `Send JSON (content-type: application/json): ${shape}.`);
	}
	const tooLarge = `The request body is too large: send at most ${sizeInWords(maxBytes)} of JSON.`;
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return refuse(413, tooLarge);
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		// Past the server's body limit (a chunked body has no length to check first).
		if (isTooLarge(error)) return refuse(413, BODY_TOO_LARGE);
		return refuse(400, 'The request body could not be read.');
	}
	if (Buffer.byteLength(text) > maxBytes) return refuse(413, tooLarge);
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return refuse(400, `The body is not JSON. Send ${shape}.`);
	}
}
