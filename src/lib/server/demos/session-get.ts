import { COOKIE_NAME, getSession, sessionKey } from '../patterns/sessions';
import { SESSION_COOKIE } from './support/cookie-jar';
import { defineDemo } from './define';

export default defineDemo({
	id: 'session-get',
	title: 'Read the session behind the cookie',
	button: 'Get session',
	pattern: 'sessions',
	runs: 'getSession',
	inputs: {},
	async run(ctx) {
		const sessionId = await ctx.memory.get(SESSION_COOKIE);
		if (!sessionId) {
			return {
				outcome: 'miss',
				result: { 'signed in': false, why: 'no session cookie: log in first' },
				summary: 'no cookie: not signed in'
			};
		}
		const session = await getSession(ctx, sessionId);
		if (!session) {
			return {
				outcome: 'miss',
				result: {
					'signed in': false,
					cookie: `${COOKIE_NAME}=${sessionId}`,
					why: `${sessionKey(sessionId)} is gone: it expired or was logged out`
				},
				summary: `${sessionKey(sessionId)} is gone: sign in again`
			};
		}
		return {
			outcome: 'hit',
			result: {
				'signed in': true,
				cookie: `${COOKIE_NAME}=${sessionId}`,
				fields: Object.entries(session).map(([field, value]) => ({ field, value }))
			},
			summary: `${session.name} is signed in; the TTL keeps running down`
		};
	}
});
