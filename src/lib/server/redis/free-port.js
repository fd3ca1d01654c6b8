// A free loopback port for a redis-server the course or a test starts. Plain JavaScript, so that
// the scripts (the Cluster the tests and the bench start) use the same one as the app.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel's ephemeral range, which outgoing connections take their local port from. A port
 * asked of the kernel (listen on 0) comes from that range too, so between the probe closing and
 * redis-server binding, any client connecting anywhere can take it ("Address already in use",
 * seen in CI). Ports below the range are only ever taken by someone listening on them.
 */
function ephemeralStart() {
	try {
		const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/);
		const start = Number(low);
		return Number.isInteger(start) && start > 2048 ? start : 32768;
	} catch {
		return 32768;
	}
}

// Above the ports people and the tests fix by hand (3000, 4173, 4600-4900, 6379, 8080).
const LOWEST = 10_000;
const HIGHEST = ephemeralStart() - 1;
/** The ports freePort() picks from, lowest and highest. */
export const PORT_RANGE = Object.freeze([LOWEST, HIGHEST]);

/** @param {number} port @returns {Promise<boolean>} */
function canListen(port) {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** @returns {Promise<number>} a loopback port nobody listens on, outside the ephemeral range. */
export async function freePort() {
	for (let tries = 0; tries < 50; tries++) {
		const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
		if (await canListen(port)) return port;
	}
	throw new Error(`no free loopback port between ${LOWEST} and ${HIGHEST}`);
}

/** @param {string} output what redis-server printed before it exited */
export const portTaken = (output) => /Address already in use/.test(output);
