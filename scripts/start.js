// Serves the built course (`npm start` builds it first). adapter-node reads PORT and ORIGIN;
// form POSTs need ORIGIN to match the address in the browser, so it defaults to localhost.
const port = process.env.PORT || '3000';
process.env.PORT = port;
process.env.ORIGIN ||= `http://localhost:${port}`;

await import(`../${process.env.BUILD_DIR ?? 'build'}/index.js`);
console.log(`The course is at ${process.env.ORIGIN}`);
