import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, runChannel } from '$lib/editor/runtime/channel';
import { createHttpChannel, END_LAB, endLab } from '$lib/editor/runtime/http-channel';
import { pageEndsLab } from '$lib/editor/runtime';

/** A real HTTP server standing in for the course's endpoints: it records and answers by path. */
const received: { path: string; body: unknown }[] = [];
let answer: (path: string, res: ServerResponse) => void;
const server = createServer((req: IncomingMessage, res) => {
	let text = '';
	req.on('data', (chunk) => (text += chunk));
	req.on('end', () => {
		received.push({ path: req.url!, body: JSON.parse(text) });
		answer(req.url!, res);
	});
});
let base: string;
beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json =
	(status: number, body: unknown, headers: Record<string, string> = {}) =>
	(_: string, res: ServerResponse) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	};

async function rejection(promise: Promise<unknown>): Promise<ChannelError> {
	try {
		await promise;
	} catch (error) {
		return error as ChannelError;
	}
	throw new Error('it did not reject');
}

describe("the editor's HTTP channel", () => {
	it('reads the app-server memory from /api/memory, on the shared server as on a lab', async () => {
		received.length = 0;
		answer = json(200, { slots: { 'locks:worker-a': null } });
		for (const lab of [false, true]) {
			const channel = runChannel(createHttpChannel({ base }), lab);
			expect(await channel.memory({ slots: ['locks:worker-a'] })).toEqual({
				slots: { 'locks:worker-a': null }
			});
		}
		expect(received).toEqual([
			{ path: '/api/memory', body: { slots: ['locks:worker-a'] } },
			{ path: '/api/memory', body: { slots: ['locks:worker-a'] } }
		]);
	});

	it('posts a batch to /api/run and a statement to /api/db, as JSON', async () => {
		received.length = 0;
		answer = (path, res) =>
			json(200, path === '/api/run' ? { replies: ['OK'], trace: [] } : { value: [], sql: [] })(
				path,
				res
			);
		const channel = runChannel(createHttpChannel({ base }), false);
		expect(channel.ranOn).toBe('shared');
		expect(await channel.run({ commands: [['SET', 'k', 'v']] })).toEqual({
			replies: ['OK'],
			trace: []
		});
		expect(await channel.db({ mode: 'all', sql: 'SELECT 1', params: [] })).toEqual({
			value: [],
			sql: []
		});
		await channel.end(); // nothing to stop on the shared server
		expect(received).toEqual([
			{ path: '/api/run', body: { commands: [['SET', 'k', 'v']] } },
			{ path: '/api/db', body: { mode: 'all', sql: 'SELECT 1', params: [] } }
		]);
	});

	it('in lab mode sends every batch with lab: true, and ends with an empty batch that stops the lab', async () => {
		received.length = 0;
		answer = json(200, { replies: [], trace: [] });
		const channel = runChannel(createHttpChannel({ base }), true);
		expect(channel.ranOn).toBe('lab');
		await channel.run({ commands: [['GET', 'k']], atomic: true });
		await channel.end();
		expect(received.map((r) => r.body)).toEqual([
			{ commands: [['GET', 'k']], atomic: true, lab: true },
			{ commands: [], lab: true, end: true }
		]);
	});

	it('a 429 says when to try again', async () => {
		answer = json(429, { error: 'Too many commands: 500 per 10 s.' }, { 'retry-after': '7' });
		const error = await rejection(createHttpChannel({ base }).run({ commands: [['GET', 'k']] }));
		expect(error).toBeInstanceOf(ChannelError);
		expect(error.status).toBe(429);
		expect(error.retryAfterSeconds).toBe(7);
		expect(error.message).toBe('Too many commands: 500 per 10 s. Try again in 7 s.');
		// a sentence that already says when is kept as it is
		answer = json(429, { error: 'limit reached; try again in 3 s' }, { 'retry-after': '3' });
		const said = await rejection(createHttpChannel({ base }).run({ commands: [['GET', 'k']] }));
		expect([said.message, said.retryAfterSeconds]).toEqual(['limit reached; try again in 3 s', 3]);
	});

	it("another status gives the server's sentence, or the status when there is none", async () => {
		answer = json(400, { error: 'A batch holds at most 50 commands.' });
		const refused = await rejection(createHttpChannel({ base }).run({ commands: [] }));
		expect([refused.status, refused.message]).toEqual([400, 'A batch holds at most 50 commands.']);
		answer = (_, res) => {
			res.writeHead(502, { 'content-type': 'text/html' });
			res.end('<h1>Bad gateway</h1>');
		};
		const away = await rejection(
			createHttpChannel({ base }).db({ mode: 'get', sql: 'x', params: [] })
		);
		expect([away.status, away.message]).toEqual([502, 'The course server answered 502.']);
	});

	it('a server that cannot be reached is said so', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await rejection(
			createHttpChannel({ base: `http://127.0.0.1:${port}` }).run({ commands: [] })
		);
		expect(error.message).toMatch(/could not be reached/);
	});
});

describe('the page ending a lab', () => {
	it('sends the end batch: no commands, lab and end, to /api/run', async () => {
		received.length = 0;
		answer = json(200, { replies: [], trace: [] });
		await endLab({ base });
		expect(received).toEqual([{ path: '/api/run', body: { commands: [], lab: true, end: true } }]);
		expect(received[0]!.body).toEqual(END_LAB);
	});

	it('never throws, even with the server unreachable or answering an error', async () => {
		answer = json(503, { error: 'Redis is unavailable' });
		await expect(endLab({ base })).resolves.toBeUndefined();
		await expect(endLab({ base: 'http://127.0.0.1:1' })).resolves.toBeUndefined();
	});

	it('is sent after a run the page ended (Stop, the time limit, a broken worker), not after an answer', () => {
		expect(pageEndsLab('answered')).toBe(false);
		for (const ending of ['stopped', 'timed out', 'broke'] as const)
			expect(pageEndsLab(ending), ending).toBe(true);
	});
});
