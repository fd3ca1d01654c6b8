import { json } from '@sveltejs/kit';
import { runConsoleLine } from '$lib/server/sandbox/console';
import { consoleRateLimit } from '$lib/server/sandbox/rate-limit';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { BODY_TOO_LARGE, isTooLarge } from '$lib/server/forms';

const MAX_BODY_BYTES = LIMITS.lineChars * 4 + 1024;

/** The console: `{ line }` in, `{ reply, error }` out, the reply printed as redis-cli would. */
export const POST = async ({ request, locals }) => {
	const body = await readBody(request);
	if ('status' in body) return json({ error: body.error }, { status: body.status });
	const sandbox = sandboxOf(locals.learnerId);
	try {
		const rate = await consoleRateLimit(sandbox.id);
		if (!rate.allowed) {
			const retryAfter = Math.max(1, Math.ceil(rate.resetMs / 1000));
			return json(
				{
					reply: `(error) sandbox limit: ${rate.limit} commands per ${LIMITS.windowSeconds} s; try again in ${retryAfter} s`,
					error: true
				},
				{ status: 429, headers: { 'retry-after': String(retryAfter) } }
			);
		}
		return json(await runConsoleLine(sandbox, body.line));
	} catch {
		return json({ reply: `(error) ${REDIS_UNAVAILABLE}`, error: true }, { status: 503 });
	}
};

type Refused = { status: 400 | 413; error: string };
const refused = (error: string, status: 400 | 413 = 400): Refused => ({ status, error });
const TOO_LARGE = `A console request is at most ${MAX_BODY_BYTES} bytes: one line of JSON.`;

async function readBody(request: Request): Promise<{ line: string } | Refused> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES) return refused(TOO_LARGE, 413);
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		// Past the server's body limit (a chunked body has no length to check first).
		if (isTooLarge(error)) return refused(BODY_TOO_LARGE, 413);
		return refused('The request body could not be read.');
	}
	if (text.length > MAX_BODY_BYTES) return refused(TOO_LARGE, 413);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refused('Send JSON: { "line": "<one command line>" }.');
	}
	const line = (body as { line?: unknown } | null)?.line;
	if (typeof line !== 'string') return refused('Send JSON: { "line": "<one command line>" }.');
	if (line.length > LIMITS.lineChars)
		return refused(`A line may be at most ${LIMITS.lineChars} characters.`);
	if (/[\r\n]/.test(line)) return refused('Send one line at a time.');
	return { line };
}
