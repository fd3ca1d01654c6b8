/**
 * Response headers every page and endpoint carries, and the one part of the
 * Content-Security-Policy that is read when the server starts: `frame-ancestors`, from
 * FRAME_ANCESTORS (the rest of the policy is SvelteKit's `kit.csp`, fixed at build time).
 */

/**
 * Who may show the course in a frame: `'none'` unless FRAME_ANCESTORS lists sources
 * (e.g. `https://intranet.example.com 'self'`). A value that is not a list of sources is refused
 * when the server starts, rather than sent as a policy the browser would ignore.
 */
export function frameAncestors(value = process.env.FRAME_ANCESTORS): string {
	const sources = value?.trim();
	if (!sources) return "'none'";
	if (/[;,\r\n]/.test(sources))
		throw new Error(
			`FRAME_ANCESTORS must be a space-separated list of sources, e.g. "https://intranet.example.com 'self'"; got ${JSON.stringify(value)}.`
		);
	return sources;
}

const FRAME_ANCESTORS = frameAncestors();

/**
 * The headers of the course's own answers. `nosniff` and the Referrer-Policy go on every answer,
 * static files included (which adapter-node serves before these hooks run), so scripts/start.js
 * sets them for the whole server.
 */
export function securityHeaders(): Record<string, string> {
	// For browsers that predate frame-ancestors; one that knows it ignores this header.
	return FRAME_ANCESTORS === "'none'" ? { 'x-frame-options': 'DENY' } : {};
}

/**
 * Adds frame-ancestors to the response's policy: to SvelteKit's on a page, and on anything else
 * (an endpoint's JSON, the event stream, a redirect) a policy that lets it load nothing.
 */
export function withFrameAncestors(response: Response): Response {
	const policy = response.headers.get('content-security-policy');
	const html = response.headers.get('content-type')?.startsWith('text/html') ?? false;
	const value = policy
		? `${policy}; frame-ancestors ${FRAME_ANCESTORS}`
		: html
			? `frame-ancestors ${FRAME_ANCESTORS}`
			: `default-src 'none'; frame-ancestors ${FRAME_ANCESTORS}`;
	try {
		response.headers.set('content-security-policy', value);
		return response;
	} catch {
		// A response whose headers are immutable (one passed through from fetch): copied.
		const copy = new Response(response.body, response);
		copy.headers.set('content-security-policy', value);
		return copy;
	}
}
