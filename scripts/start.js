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

// adapter-node closes idle keep-alive connections when a request's stream closes, which for a
// POST is once its body is read, before the answer is sent: a browser's connection would then
// stay open, and hold the server, until its keep-alive timeout (5 s). While stopping, close
// every connection as soon as it has nothing in flight.
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.once(signal, () => setInterval(() => server.server.closeIdleConnections(), 50).unref());
}
