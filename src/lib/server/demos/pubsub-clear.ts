import { EVENT_LOG_KEY, clearEventLog } from '../patterns/pub-sub';
import { defineDemo } from './define';

export default defineDemo({
	id: 'pubsub-clear',
	title: 'Clear the event log',
	button: 'Clear the log',
	pattern: 'pub-sub',
	runs: 'clearEventLog',
	inputs: {},
	async run(ctx) {
		const removed = await clearEventLog(ctx);
		return {
			outcome: 'done',
			result: { deleted: removed ? EVENT_LOG_KEY : `nothing: ${EVENT_LOG_KEY} did not exist` },
			summary: removed ? `${EVENT_LOG_KEY} deleted` : `${EVENT_LOG_KEY} was already empty`
		};
	}
});
