import { logout, sessionKey } from '../patterns/sessions';
import { SESSION_COOKIE } from './support/cookie-jar';
import { defineDemo } from './define';

export default defineDemo({
	id: 'session-logout',
	title: 'Log out this session',
	button: 'Log out',
	pattern: 'sessions',
	runs: 'logout',
	inputs: {},
	async run(ctx) {
		const sessionId = await ctx.memory.get(SESSION_COOKIE);
		if (!sessionId) {
			return {
				outcome: 'miss',
				result: { 'logged out': false, why: 'no session cookie: nobody is signed in' },
				summary: 'no cookie: nothing to log out'
			};
		}
		const removed = await logout(ctx, sessionId);
		await ctx.memory.delete(SESSION_COOKIE); // the response would clear the cookie
		return {
			outcome: removed ? 'invalidated' : 'miss',
			result: {
				'logged out': removed,
				deleted: removed ? sessionKey(sessionId) : `none (${sessionKey(sessionId)} was gone)`,
				cookie: 'cleared'
			},
			summary: removed
				? `${sessionKey(sessionId)} deleted and removed from its user's index`
				: `${sessionKey(sessionId)} had already expired; cookie cleared`
		};
	}
});
