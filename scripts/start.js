// Serves the built course (`npm start` builds it first). adapter-node reads PORT and ORIGIN;
// form POSTs need ORIGIN to match the address in the browser, so it defaults to localhost.
const port = process.env.PORT || '3000';
process.env.PORT = port;
process.env.ORIGIN ||= `http://localhost:${port}`;
// On SIGTERM or SIGINT, requests in flight get this many seconds to finish (adapter-node's
// default is 30) before their connections are cut; then the course closes what it holds and
// exits (src/lib/server/shutdown.ts). Under Docker's 10 s grace, so that cleanup runs first.
process.env.SHUTDOWN_TIMEOUT ||= '8';

/** @type {{ server: { server: import('node:http').Server } }} */
const { server } = await import(`../${process.env.BUILD_DIR ?? 'build'}/index.js`);
console.log(`The course is at ${process.env.ORIGIN}`);

// Headers for every answer, the static files adapter-node serves before the app's hooks included
// (the rest of the security headers, which depend on the page, come from src/hooks.server.ts).
server.server.prependListener('request', (_req, res) => {
	res.setHeader('x-content-type-options', 'nosniff');
	res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
});

// While stopping, a connection closes as soon as its last answer is sent. adapter-node closes
// idle connections when a request's stream closes, which for a POST is once its body is read,
// before the answer: the browser's keep-alive connection would then hold the server for its
// idle timeout (5 s).
let stopping = false;
/** @type {WeakMap<import('node:net').Socket, number>} requests in flight on each connection */
const inFlight = new WeakMap();
server.server.on('request', (req, res) => {
	const socket = req.socket;
	inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
	if (stopping) res.setHeader('connection', 'close');
	res.once('close', () => {
		const left = (inFlight.get(socket) ?? 1) - 1;
		inFlight.set(socket, left);
		if (stopping && left === 0) socket.end(() => socket.destroy());
	});
});
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.once(signal, () => (stopping = true));
}
