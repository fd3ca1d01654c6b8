import type { PatternContext } from '../pattern-support';
import {
	CONSUMER,
	GROUP,
	STREAM_KEY,
	acknowledge,
	addEvent,
	ensureGroup,
	pendingEntries,
	readNew,
	undelivered
} from '../patterns/event-stream';
import { EVENT_TYPES } from '../patterns/pub-sub';
import { choice, defineDemo } from './define';

/** What the group holds after the action: entries not yet handed out, and those not yet acked. */
async function groupState(ctx: PatternContext) {
	const waiting = await undelivered(ctx);
	const pending = await pendingEntries(ctx);
	return {
		'not yet delivered': waiting ?? 'unknown (entries were trimmed or deleted)',
		pending: pending.length
			? pending.map(({ id, consumer, idleMs, deliveries }) => ({
					id,
					consumer,
					'idle ms': idleMs,
					deliveries
				}))
			: 'none'
	};
}

export default defineDemo({
	id: 'pubsub-stream',
	title: 'Order events in a stream, read by a consumer group',
	button: 'Run',
	pattern: 'event-stream',
	runs: 'readNew',
	inputs: {
		action: choice('Action', ['add', 'read', 'ack'] as const, 'add'),
		'event-type': choice('Event type', EVENT_TYPES, 'created')
	},
	async run(ctx, { action, 'event-type': type }) {
		await ensureGroup(ctx);

		if (action === 'add') {
			const id = await addEvent(ctx, type);
			return {
				outcome: 'queued',
				result: { added: id, ...(await groupState(ctx)) },
				summary: `${STREAM_KEY}: ${type} added as ${id}; it waits for ${GROUP}`
			};
		}

		if (action === 'read') {
			const entries = await readNew(ctx);
			return {
				outcome: 'read',
				result: {
					[`delivered to ${CONSUMER}`]: entries.length
						? entries.map(({ id, fields }) => ({ id, ...fields }))
						: 'nothing new',
					...(await groupState(ctx))
				},
				summary: entries.length
					? `${CONSUMER} read ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}; pending until acknowledged`
					: `${CONSUMER}: nothing new in ${STREAM_KEY}`
			};
		}

		const ids = (await pendingEntries(ctx))
			.filter(({ consumer }) => consumer === CONSUMER)
			.map(({ id }) => id);
		const acknowledged = await acknowledge(ctx, ids);
		return {
			outcome: 'done',
			result: { acknowledged, ...(await groupState(ctx)) },
			summary: `${CONSUMER} acknowledged ${acknowledged} ${acknowledged === 1 ? 'entry' : 'entries'}`
		};
	}
});
