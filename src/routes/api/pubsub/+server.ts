import { REDIS_UNAVAILABLE } from '$lib/server/redis/connection';
import { CHANNELS } from '$lib/server/patterns/pub-sub';
import {
	canListen,
	listen,
	stopListening,
	type LiveListener
} from '$lib/server/redis/live-channels';

/** A comment line this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long the browser waits before it reconnects on its own. */
const RETRY_MS = 3_000;

/**
 * The live subscriber panel: a Server-Sent Events stream of every message published on the
 * learner's four channels (`orders`, ...; names without the sandbox prefix), while it is open.
 * Events: `status` (listening | reconnecting | unavailable), `message`, `end` (replaced by a newer
 * panel of the same learner, stopped, or the app is shutting down).
 */
export const GET = ({ locals, request }) => {
	if (!canListen(locals.learnerId)) {
		return new Response('Too many live panels are open; try again in a moment.', {
			status: 503,
			headers: { 'retry-after': '10', 'cache-control': 'no-store' }
		});
	}
	const encoder = new TextEncoder();
	let controller: ReadableStreamDefaultController<Uint8Array>;
	let listener: LiveListener | undefined;
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	let closed = false;

	const write = (text: string) => {
		if (!closed) controller.enqueue(encoder.encode(text));
	};
	const send = (event: string, data: unknown) =>
		write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
	const finish = () => {
		if (closed) return;
		closed = true;
		clearInterval(heartbeat);
		void listener?.close().catch(() => {});
		try {
			controller.close();
		} catch {
			// already cancelled by the client
		}
	};

	const stream = new ReadableStream<Uint8Array>({
		async start(opened) {
			controller = opened;
			write(`retry: ${RETRY_MS}\n\n`);
			heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
			try {
				listener = await listen(
					locals.learnerId,
					{
						message: (message) => send('message', message),
						state: (state) => send('status', { state, channels: CHANNELS }),
						end: (reason) => {
							send('end', { reason });
							finish();
						}
					},
					CHANNELS
				);
			} catch {
				send('status', { state: 'unavailable', message: REDIS_UNAVAILABLE });
				finish();
				return;
			}
			if (closed) void listener.close().catch(() => {}); // the client left while we subscribed
		},
		cancel: finish
	});
	request.signal.addEventListener('abort', finish, { once: true });

	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
};

/** Stops the learner's live panel; answers once Redis no longer delivers to it. */
export const DELETE = async ({ locals }) => {
	try {
		await stopListening(locals.learnerId);
		return new Response(null, { status: 204 });
	} catch {
		return new Response(REDIS_UNAVAILABLE, { status: 503 });
	}
};
