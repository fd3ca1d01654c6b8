import { refreshSession, sessionKey } from '../patterns/sessions';
import { SESSION_COOKIE } from './support/cookie-jar';
import { defineDemo } from './define';

export default defineDemo({
	id: 'session-refresh',
	title: 'Refresh the session (sliding expiry)',
	button: 'Refresh',
	pattern: 'sessions',
	runs: 'refreshSession',
	inputs: {},
	async run(ctx) {
		const sessionId = await ctx.memory.get(SESSION_COOKIE);
		const refreshed = sessionId ? await refreshSession(ctx, sessionId) : null;
		if (!sessionId || !refreshed) {
			return {
				outcome: 'miss',
				result: {
					refreshed: false,
					why: sessionId
						? `${sessionKey(sessionId)} is gone: there is nothing to extend`
						: 'no session cookie: log in first'
				},
				summary: 'no live session to refresh'
			};
		}
		return {
			outcome: 'write',
			result: {
				refreshed: true,
				session: sessionKey(sessionId),
				'TTL (s)': refreshed.ttlSeconds
			},
			summary: `${refreshed.session.name}: ${sessionKey(sessionId)} expires in ${refreshed.ttlSeconds} s again`
		};
	}
});
