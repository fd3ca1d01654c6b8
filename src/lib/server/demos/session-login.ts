import { CUSTOMER_COUNT } from '../db/seed';
import {
	COOKIE_NAME,
	TTL_CHOICES_SECONDS,
	login,
	sessionKey,
	userSessionsKey
} from '../patterns/sessions';
import { choice, defineDemo, integer } from './define';
import { SESSION_COOKIE } from './support/cookie-jar';

const TTLS = TTL_CHOICES_SECONDS.map(String) as ['60', '120', '300'];

export default defineDemo({
	id: 'session-login',
	title: 'Log in: create a session',
	button: 'Log in',
	pattern: 'sessions',
	runs: 'login',
	inputs: {
		user: integer('User', 1, CUSTOMER_COUNT, 1),
		ttl: choice('TTL (s)', TTLS, '120')
	},
	async run(ctx, { user, ttl }) {
		const { sessionId, session, indexed } = await login(ctx, user, Number(ttl));
		// The browser's cookie jar, played by this server's memory for the learner.
		await ctx.memory.set(SESSION_COOKIE, sessionId);
		return {
			outcome: 'write',
			result: {
				cookie: `${COOKIE_NAME}=${sessionId}`,
				session: sessionKey(sessionId),
				'TTL (s)': Number(ttl),
				[`sessions in ${userSessionsKey(user)}`]: indexed,
				fields: Object.entries(session).map(([field, value]) => ({ field, value }))
			},
			summary: `${session.name} logged in: ${sessionKey(sessionId)}, expires in ${ttl} s (${indexed} in the user's index)`
		};
	}
});
