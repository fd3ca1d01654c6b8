import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import type { TraceEntry } from '$lib/types';
import { DEMOS } from '$lib/server/demos';
import {
	CONSUMER,
	GROUP,
	STREAM_KEY,
	STREAM_MAX_ENTRIES,
	acknowledge,
	addEvent,
	ensureGroup,
	pendingEntries,
	readNew,
	readOwnPending,
	undelivered
} from '$lib/server/patterns/event-stream';
import {
	CHANNELS,
	EVENT_LOG_ENTRIES,
	EVENT_LOG_KEY,
	SHOWN_ENTRIES,
	clearEventLog,
	publishEvent,
	recentEvents,
	type PublishedEvent
} from '$lib/server/patterns/pub-sub';
import {
	closeLiveChannels,
	listen,
	listenerCount,
	stopListening,
	type EndReason,
	type LiveHandlers,
	type LiveMessage,
	type LiveState
} from '$lib/server/redis/live-channels';
import { GET as streamGet } from '../../src/routes/api/pubsub/+server';
import { useSandboxes, request, runDemo } from './fixtures';

const { plain, newSandbox } = useSandboxes();
afterAll(() => closeLiveChannels());

const line = ({ cmd, args }: TraceEntry) => [cmd, ...args].join(' ');

/** A live listener that records what it is told. */
function recorder() {
	const messages: LiveMessage[] = [];
	const states: LiveState[] = [];
	const ends: EndReason[] = [];
	const handlers: LiveHandlers = {
		message: (message) => messages.push(message),
		state: (state) => states.push(state),
		end: (reason) => ends.push(reason)
	};
	return { messages, states, ends, handlers };
}

/** A plain subscriber connection on exact channel names (prefix included). */
async function rawSubscriber(...channels: string[]) {
	const connection = plain.duplicate();
	const heard: { channel: string; message: string }[] = [];
	connection.on('message', (channel: string, message: string) => heard.push({ channel, message }));
	await connection.subscribe(...channels);
	return { heard, close: () => connection.disconnect() };
}

describe('pub/sub: publishEvent', () => {
	it("reaches a subscriber on the learner's prefixed channel, and not another learner's", async () => {
		const alice = newSandbox();
		const bob = newSandbox();
		const sub = await rawSubscriber(`${alice.prefix}orders`, `${bob.prefix}orders`);
		try {
			const { ctx, trace } = await request(alice);
			const { event, receivers } = await publishEvent(ctx, 'orders', 'created');
			expect(receivers).toBe(1);
			// Bob's channel gets a message of its own after Alice's: once it has arrived, Alice's
			// would have too, had it been routed there.
			await plain.publish(`${bob.prefix}orders`, 'marker');
			await expect.poll(() => sub.heard.length).toBe(2);
			expect(sub.heard).toEqual([
				{ channel: `${alice.prefix}orders`, message: JSON.stringify(event) },
				{ channel: `${bob.prefix}orders`, message: 'marker' }
			]);
			// The trace names the channel and the key as the learner does, without the prefix.
			expect(trace.map(line)).toEqual([
				'MULTI',
				`PUBLISH orders ${JSON.stringify(event)}`,
				`LPUSH ${EVENT_LOG_KEY} ${JSON.stringify(event)}`,
				`LTRIM ${EVENT_LOG_KEY} 0 49`,
				`LRANGE ${EVENT_LOG_KEY} 0 9`,
				'EXEC'
			]);
			expect(trace.at(-1)!.reply).toMatch(/^1\) \(integer\) 1\n2\) \(integer\) 1\n3\) OK\n4\) /);
		} finally {
			sub.close();
		}
	});

	it('answers 0 receivers when nobody is subscribed, and still logs the event', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const { event, receivers, logLength, latest } = await publishEvent(ctx, 'analytics', 'deleted');
		expect(receivers).toBe(0);
		expect(logLength).toBe(1);
		expect(latest).toEqual([event]);
	});

	it('the ring buffer keeps exactly the last 50 events, newest first', async () => {
		const sandbox = newSandbox();
		const published: PublishedEvent[] = [];
		for (let i = 0; i < 60; i++) {
			const { ctx } = await request(sandbox);
			const { event, logLength, latest } = await publishEvent(ctx, 'inventory', 'updated');
			published.push(event);
			expect(logLength).toBe(Math.min(i + 1, EVENT_LOG_ENTRIES));
			expect(latest).toHaveLength(Math.min(i + 1, SHOWN_ENTRIES));
			expect(latest[0]).toEqual(event);
		}
		const log = await plain.lrange(`${sandbox.prefix}${EVENT_LOG_KEY}`, 0, -1);
		expect(log).toHaveLength(50);
		expect(log.map((entry) => JSON.parse(entry))).toEqual(published.slice(-50).reverse());
		const { ctx } = await request(sandbox);
		expect(await recentEvents(ctx)).toEqual(published.slice(-10).reverse());
	});

	it('under concurrent publishers the log never holds more than 50 entries, and ends at 50', async () => {
		const sandbox = newSandbox();
		const key = `${sandbox.prefix}${EVENT_LOG_KEY}`;
		// Another client samples the length all along: MULTI means it never sees the 51st entry.
		const samples: number[] = [];
		let publishing = true;
		const watcher = (async () => {
			while (publishing) samples.push(await plain.llen(key));
		})();
		const runs: Awaited<ReturnType<typeof publishEvent>>[] = [];
		for (let wave = 0; wave < 20; wave++) {
			const batch = Array.from({ length: 10 }, async (_, i) => {
				const { ctx } = await request(sandbox);
				return publishEvent(ctx, 'orders', i % 2 ? 'created' : 'updated');
			});
			runs.push(...(await Promise.all(batch)));
		}
		publishing = false;
		await watcher;
		expect(samples.length).toBeGreaterThan(10);
		expect(Math.max(...samples)).toBe(EVENT_LOG_ENTRIES);
		expect(await plain.llen(key)).toBe(EVENT_LOG_ENTRIES);
		expect(Math.max(...runs.map((run) => run.logLength))).toBe(EVENT_LOG_ENTRIES);
		// Every entry kept is one of the events published, none twice, and the last wave is all there.
		const ids = (await plain.lrange(key, 0, -1)).map((e) => (JSON.parse(e) as PublishedEvent).id);
		expect(new Set(ids).size).toBe(EVENT_LOG_ENTRIES);
		const all = new Set(runs.map((run) => run.event.id));
		expect(ids.every((id) => all.has(id))).toBe(true);
		expect(runs.slice(-10).every((run) => ids.includes(run.event.id))).toBe(true);
	});

	it('clearEventLog deletes the log', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await publishEvent(ctx, 'notifications', 'created');
		expect(await clearEventLog(ctx)).toBe(1);
		expect(await plain.exists(`${sandbox.prefix}${EVENT_LOG_KEY}`)).toBe(0);
		expect(await recentEvents(ctx)).toEqual([]);
	});
});

describe('pub/sub: the live channels behind the subscriber panel', () => {
	it("delivers the learner's messages, channel without the prefix, and no other learner's", async () => {
		const alice = newSandbox();
		const bob = newSandbox();
		const a = recorder();
		const b = recorder();
		const aliceListener = await listen(alice.id, a.handlers, CHANNELS);
		const bobListener = await listen(bob.id, b.handlers, CHANNELS);
		try {
			expect(a.states).toEqual(['listening']);
			expect(b.states).toEqual(['listening']);

			const { ctx } = await request(alice);
			const first = await publishEvent(ctx, 'orders', 'created');
			const second = await publishEvent(ctx, 'inventory', 'deleted');
			// One subscribed connection, the course's, got each message: Bob's panel does not count.
			expect([first.receivers, second.receivers]).toEqual([1, 1]);
			await expect.poll(() => a.messages.length).toBe(2);
			expect(a.messages.map(({ channel, message }) => ({ channel, message }))).toEqual([
				{ channel: 'orders', message: JSON.stringify(first.event) },
				{ channel: 'inventory', message: JSON.stringify(second.event) }
			]);

			// A marker on Bob's channel arrives after Alice's messages would have: he got none of them.
			const fromBob = await publishEvent((await request(bob)).ctx, 'analytics', 'updated');
			await expect.poll(() => b.messages.length).toBe(1);
			expect(b.messages[0]).toMatchObject({
				channel: 'analytics',
				message: JSON.stringify(fromBob.event)
			});
			expect(a.messages).toHaveLength(2);

			// A message on a channel outside the four, or with the prefix spelt by hand, is not relayed.
			await plain.publish(`${alice.prefix}news`, 'not a panel channel');
			await plain.publish(`${alice.prefix}orders`, 'hello from the console');
			await expect.poll(() => a.messages.length).toBe(3);
			expect(a.messages[2]).toMatchObject({ channel: 'orders', message: 'hello from the console' });
		} finally {
			await aliceListener.close();
			await bobListener.close();
		}
	});

	it('a subscribed connection refuses other commands: the subscriber needs its own', async () => {
		const sub = plain.duplicate();
		try {
			await sub.subscribe('course:test-only');
			await expect(sub.get('anything')).rejects.toThrow(/subscriber mode/i);
		} finally {
			sub.disconnect();
		}
	});

	it('closing the listener unsubscribes: PUBLISH then reaches nobody', async () => {
		const sandbox = newSandbox();
		const r = recorder();
		const listener = await listen(sandbox.id, r.handlers, CHANNELS);
		const { ctx } = await request(sandbox);
		expect((await publishEvent(ctx, 'orders', 'created')).receivers).toBe(1);
		await listener.close();
		expect(listenerCount()).toBe(0);
		expect((await publishEvent(ctx, 'orders', 'created')).receivers).toBe(0);
		await listener.close(); // twice is harmless
	});

	it('a new listener replaces the old one; the old one is told, and its close keeps the new one', async () => {
		const sandbox = newSandbox();
		const first = recorder();
		const second = recorder();
		const old = await listen(sandbox.id, first.handlers, CHANNELS);
		const current = await listen(sandbox.id, second.handlers, CHANNELS);
		try {
			expect(first.ends).toEqual(['replaced']);
			expect(listenerCount()).toBe(1);
			await old.close(); // the replaced stream's cleanup must not unsubscribe the new one
			const { ctx } = await request(sandbox);
			const { event, receivers } = await publishEvent(ctx, 'notifications', 'updated');
			expect(receivers).toBe(1);
			await expect.poll(() => second.messages.length).toBe(1);
			expect(second.messages[0]!.message).toBe(JSON.stringify(event));
			expect(first.messages).toEqual([]);
		} finally {
			await current.close();
		}
	});

	it('stopListening ends the listener and resolves once Redis no longer delivers to it', async () => {
		const sandbox = newSandbox();
		const r = recorder();
		await listen(sandbox.id, r.handlers, CHANNELS);
		await stopListening(sandbox.id);
		expect(r.ends).toEqual(['stopped']);
		const { ctx } = await request(sandbox);
		expect((await publishEvent(ctx, 'orders', 'deleted')).receivers).toBe(0);
		await stopListening(sandbox.id); // nothing to stop: still fine
	});
});

describe('pub/sub: the Server-Sent Events endpoint', () => {
	/** Opens GET /api/pubsub for a learner and reads its events as they come. */
	function openStream(learnerId: string) {
		const abort = new AbortController();
		const response = streamGet({
			locals: { learnerId, slowDbMs: 0 },
			request: new Request('http://localhost/api/pubsub', { signal: abort.signal })
		} as never) as Response;
		const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		const events: { event: string; data: unknown }[] = [];
		let done = false;
		const pump = (async () => {
			for (;;) {
				const chunk = await reader.read().catch(() => ({ done: true, value: '' }));
				if (chunk.done) break;
				buffer += chunk.value;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const event = /^event: (.*)$/m.exec(block)?.[1];
					const data = /^data: (.*)$/m.exec(block)?.[1];
					if (event && data) events.push({ event, data: JSON.parse(data) });
				}
			}
			done = true;
		})();
		return {
			response,
			events,
			isDone: () => done,
			async close() {
				abort.abort();
				await reader.cancel().catch(() => {});
				await pump;
			}
		};
	}

	it('streams each message of the learner, names without the prefix; one stream per learner', async () => {
		const sandbox = newSandbox();
		const first = openStream(sandbox.id);
		expect(first.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		await expect
			.poll(() => first.events.find((e) => e.event === 'status'))
			.toEqual({
				event: 'status',
				data: {
					state: 'listening',
					channels: ['notifications', 'orders', 'inventory', 'analytics']
				}
			});
		const { ctx } = await request(sandbox);
		const { event, receivers } = await publishEvent(ctx, 'orders', 'created');
		expect(receivers).toBe(1);
		await expect.poll(() => first.events.filter((e) => e.event === 'message')).toHaveLength(1);
		expect(first.events.find((e) => e.event === 'message')!.data).toMatchObject({
			channel: 'orders',
			message: JSON.stringify(event)
		});

		// A second stream for the same learner replaces the first, which is told and ends.
		const second = openStream(sandbox.id);
		await expect.poll(() => second.events.some((e) => e.event === 'status')).toBe(true);
		await expect.poll(() => first.isDone()).toBe(true);
		expect(first.events.at(-1)).toEqual({ event: 'end', data: { reason: 'replaced' } });
		expect(listenerCount()).toBe(1);
		expect((await publishEvent(ctx, 'orders', 'updated')).receivers).toBe(1);
		await expect.poll(() => second.events.filter((e) => e.event === 'message')).toHaveLength(1);

		// The client goes away: the course unsubscribes.
		await second.close();
		await expect.poll(() => listenerCount()).toBe(0);
		await expect.poll(async () => (await publishEvent(ctx, 'orders', 'deleted')).receivers).toBe(0);
		await first.close();
	});
});

describe('streams: a consumer group keeps what pub/sub forgets', () => {
	it('a consumer that was not running still reads every entry added meanwhile', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await ensureGroup(ctx);
		await ensureGroup(ctx); // BUSYGROUP the second time, ignored

		// Pub/sub, for contrast: nobody subscribed, the message is gone.
		expect((await publishEvent(ctx, 'orders', 'created')).receivers).toBe(0);

		const first = await addEvent(ctx, 'created');
		const second = await addEvent(ctx, 'updated');
		expect(await undelivered(ctx)).toBe(2);
		expect(await pendingEntries(ctx)).toEqual([]);

		const read = await readNew(ctx);
		expect(read.map(({ id, fields }) => [id, fields.type])).toEqual([
			[first, 'created'],
			[second, 'updated']
		]);
		expect(await undelivered(ctx)).toBe(0);
		expect(await readNew(ctx)).toEqual([]); // `>`: nothing never delivered is left
	});

	it('an unacknowledged entry stays pending until XACK, and a restarted consumer reads it again', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await ensureGroup(ctx);
		const ids = [await addEvent(ctx, 'created'), await addEvent(ctx, 'deleted')] as string[];
		await readNew(ctx);

		// The consumer "crashes" here, before XACK: both entries stay pending for it.
		const pending = await pendingEntries(ctx);
		expect(pending.map(({ id, consumer, deliveries }) => [id, consumer, deliveries])).toEqual([
			[ids[0], CONSUMER, 1],
			[ids[1], CONSUMER, 1]
		]);
		const summary = (await plain.xpending(`${sandbox.prefix}${STREAM_KEY}`, GROUP)) as [
			number,
			string,
			string,
			[string, string][]
		];
		expect(summary).toEqual([2, ids[0], ids[1], [[CONSUMER, '2']]]);

		// On restart it reads its own pending entries (ID 0) before new ones.
		const again = await readOwnPending(ctx);
		expect(again.map(({ id }) => id)).toEqual(ids);
		expect((await pendingEntries(ctx)).map(({ deliveries }) => deliveries)).toEqual([2, 2]);

		expect(await acknowledge(ctx, [ids[0]!])).toBe(1);
		expect((await pendingEntries(ctx)).map(({ id }) => id)).toEqual([ids[1]]);
		expect(await acknowledge(ctx, [ids[0]!])).toBe(0); // already acknowledged
		expect(await acknowledge(ctx, [ids[1]!])).toBe(1);
		expect(await pendingEntries(ctx)).toEqual([]);
		expect(await readOwnPending(ctx)).toEqual([]);
		// Acknowledged entries stay in the stream (XACK is not XDEL) until it is trimmed.
		expect(await plain.xlen(`${sandbox.prefix}${STREAM_KEY}`)).toBe(2);
	});

	it('MAXLEN ~ trims old entries whether or not the group has read them', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		await ensureGroup(ctx);
		const ids: string[] = [];
		for (let i = 0; i < STREAM_MAX_ENTRIES + 150; i++) ids.push((await addEvent(ctx, 'created'))!);
		const length = await plain.xlen(`${sandbox.prefix}${STREAM_KEY}`);
		expect(length).toBeGreaterThanOrEqual(STREAM_MAX_ENTRIES);
		expect(length).toBeLessThan(ids.length); // whole blocks went, never read by anyone
		const [first] = await readNew(ctx);
		expect(first!.id).toBe(ids[ids.length - length]);
		expect(ids.indexOf(first!.id)).toBeGreaterThan(0);
	});

	it('the group starts at 0: it also reads entries added before it existed', async () => {
		const sandbox = newSandbox();
		const { ctx } = await request(sandbox);
		const early = await addEvent(ctx, 'created');
		await ensureGroup(ctx);
		expect((await readNew(ctx)).map(({ id }) => id)).toEqual([early]);
	});
});

describe('pub/sub demos', () => {
	it('pubsub-publish: PUBLISHED, the receivers and the log, newest first', async () => {
		const sandbox = newSandbox();
		const r = recorder();
		const listener = await listen(sandbox.id, r.handlers, CHANNELS);
		try {
			const first = await runDemo(sandbox, 'pubsub-publish', {
				channel: 'orders',
				'event-type': 'created'
			});
			expect(first.outcome).toBe('published');
			expect(first.result.receivers).toBe('1: delivered to the live subscriber');
			expect(first.result[`${EVENT_LOG_KEY} length`]).toBe('1 (at most 50)');
			const second = await runDemo(sandbox, 'pubsub-publish', {
				channel: 'inventory',
				'event-type': 'updated'
			});
			const log = second.result['event log, newest first'] as Record<string, string>[];
			expect(log.map((row) => [row.channel, row['event type']])).toEqual([
				['inventory', 'updated'],
				['orders', 'created']
			]);
			await expect
				.poll(() => r.messages.map(({ channel }) => channel))
				.toEqual(['orders', 'inventory']);
			expect(JSON.parse(r.messages[1]!.message)).toMatchObject({ id: log[0]!.id });
		} finally {
			await listener.close();
		}
		const unheard = await runDemo(sandbox, 'pubsub-publish', {
			channel: 'analytics',
			'event-type': 'deleted'
		});
		expect(unheard.result.receivers).toBe('0: no connection was subscribed, the message is gone');
		expect(unheard.summary).toMatch(/reached 0 subscribers$/);
	});

	it('pubsub-publish refuses a channel outside the four', () => {
		const demo = DEMOS.get('pubsub-publish')!;
		expect(v.safeParse(demo.schema, { channel: 'news', 'event-type': 'created' }).success).toBe(
			false
		);
	});

	it('pubsub-clear: DEL pubsub:event-log', async () => {
		const sandbox = newSandbox();
		await runDemo(sandbox, 'pubsub-publish', { channel: 'orders', 'event-type': 'created' });
		const clear = await runDemo(sandbox, 'pubsub-clear', {});
		expect(clear.outcome).toBe('done');
		expect(clear.trace.map(line)).toEqual([`DEL ${EVENT_LOG_KEY}`]);
		expect(clear.trace[0]!.reply).toBe('(integer) 1');
	});

	it('pubsub-stream: add, add, read, read, ack', async () => {
		const sandbox = newSandbox();
		const stream = (action: string) =>
			runDemo(sandbox, 'pubsub-stream', { action, 'event-type': 'created' });

		const add = await stream('add');
		expect(add.outcome).toBe('queued');
		expect(add.trace.map(({ cmd }) => cmd)).toEqual(['XGROUP', 'XADD', 'XINFO', 'XPENDING']);
		expect(add.trace[0]!.reply).toMatch(/^"?OK"?$/);
		expect(add.result).toMatchObject({ 'not yet delivered': 1, pending: 'none' });
		const addAgain = await stream('add');
		expect(addAgain.trace[0]!.reply).toMatch(/^\(error\) BUSYGROUP/);
		expect(addAgain.result).toMatchObject({ 'not yet delivered': 2, pending: 'none' });

		const read = await stream('read');
		expect(read.outcome).toBe('read');
		expect(line(read.trace[1]!)).toBe(
			`XREADGROUP GROUP ${GROUP} ${CONSUMER} COUNT 10 STREAMS ${STREAM_KEY} >`
		);
		expect(read.result[`delivered to ${CONSUMER}`]).toEqual([
			expect.objectContaining({ id: add.result.added, type: 'created' }),
			expect.objectContaining({ id: addAgain.result.added, type: 'created' })
		]);
		expect(read.result['not yet delivered']).toBe(0);
		expect(read.result.pending).toHaveLength(2);

		const nothing = await stream('read');
		expect(nothing.result[`delivered to ${CONSUMER}`]).toBe('nothing new');
		expect(nothing.result.pending).toHaveLength(2);

		const ack = await stream('ack');
		expect(ack.outcome).toBe('done');
		expect(ack.trace.map(({ cmd }) => cmd)).toEqual([
			'XGROUP',
			'XPENDING',
			'XACK',
			'XINFO',
			'XPENDING'
		]);
		expect(ack.result).toMatchObject({ acknowledged: 2, pending: 'none' });
	});
});
