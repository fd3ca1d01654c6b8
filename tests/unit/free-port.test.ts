import { readFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort, portTaken, PORT_RANGE } from '$lib/server/redis/free-port.js';

const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
	.trim()
	.split(/\s+/)
	.map(Number);

const open: Server[] = [];
afterEach(() => {
	open.splice(0).forEach((server) => server.close());
	vi.restoreAllMocks();
});

describe('a port for a redis-server the course starts', () => {
	it('is never one the kernel hands to outgoing connections, so no client can take it first', async () => {
		// CI saw a lab's redis-server fail with "Address already in use" on a port from that range.
		const ports = await Promise.all(Array.from({ length: 20 }, freePort));
		for (const port of ports) {
			expect(port).toBeGreaterThanOrEqual(10_000);
			expect(port).toBeLessThan(ephemeralLow!);
		}
		// And an outgoing connection's own port comes from the range the picker stays out of.
		const server = createServer().listen(0, '127.0.0.1');
		open.push(server);
		await new Promise((resolve) => server.once('listening', resolve));
		const { port } = server.address() as { port: number };
		const socket = connect(port, '127.0.0.1');
		await new Promise((resolve) => socket.once('connect', resolve));
		expect(socket.localPort).toBeGreaterThanOrEqual(ephemeralLow!);
		socket.destroy();
	});

	it('is free: it skips a port someone listens on', async () => {
		const taken = await freePort();
		const server = createServer().listen(taken, '127.0.0.1');
		open.push(server);
		await new Promise((resolve) => server.once('listening', resolve));
		// The picker's first draw lands on the taken port, its second anywhere.
		const [lowest, highest] = PORT_RANGE as [number, number];
		vi.spyOn(Math, 'random').mockReturnValueOnce((taken - lowest + 0.5) / (highest - lowest));
		const picked = await freePort();
		expect(Math.random).toHaveBeenCalledTimes(2);
		expect(picked).not.toBe(taken);
	});

	it('knows a redis-server that could not bind its port, so a new one is tried', () => {
		expect(
			portTaken(
				'# Warning: Could not create server TCP listening socket 127.0.0.1:33639: bind: Address already in use'
			)
		).toBe(true);
		expect(portTaken('# Fatal error loading the DB: Invalid argument. Exiting.')).toBe(false);
	});
});
