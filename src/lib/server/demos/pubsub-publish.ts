import {
	CHANNELS,
	EVENT_LOG_ENTRIES,
	EVENT_LOG_KEY,
	EVENT_TYPES,
	publishEvent,
	type PublishedEvent
} from '../patterns/pub-sub';
import { choice, defineDemo } from './define';

const time = (at: number) => new Date(at).toISOString().slice(11, 23);

/** A log entry as a row of the result table. */
export const logRow = (entry: PublishedEvent | { text: string }) =>
	'text' in entry
		? { time: '', channel: '', 'event type': '', id: '', message: entry.text }
		: { time: time(entry.at), channel: entry.channel, 'event type': entry.type, id: entry.id };

export default defineDemo({
	id: 'pubsub-publish',
	title: 'Publish an event',
	button: 'Publish',
	pattern: 'pub-sub',
	runs: 'publishEvent',
	inputs: {
		channel: choice('Channel', CHANNELS, 'orders'),
		'event-type': choice('Event type', EVENT_TYPES, 'created')
	},
	async run(ctx, { channel, 'event-type': type }) {
		const { event, receivers, logLength, latest } = await publishEvent(ctx, channel, type);
		return {
			outcome: 'published',
			result: {
				message: JSON.stringify(event),
				receivers:
					receivers === 0
						? '0: no connection was subscribed, the message is gone'
						: `${receivers}: delivered to the live subscriber`,
				[`${EVENT_LOG_KEY} length`]: `${logLength} (at most ${EVENT_LOG_ENTRIES})`,
				'event log, newest first': latest.map(logRow)
			},
			summary: `${channel} ${type} (id ${event.id}) reached ${receivers} ${receivers === 1 ? 'subscriber' : 'subscribers'}`
		};
	}
});
