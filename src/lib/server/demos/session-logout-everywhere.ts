import { CUSTOMER_COUNT } from '../db/seed';
import { logoutEverywhere, sessionKey, userSessionsKey } from '../patterns/sessions';
import { defineDemo, integer } from './define';

export default defineDemo({
	id: 'session-logout-everywhere',
	title: 'Log a user out everywhere',
	button: 'Log out everywhere',
	pattern: 'sessions',
	runs: 'logoutEverywhere',
	inputs: { user: integer('User', 1, CUSTOMER_COUNT, 1) },
	async run(ctx, { user }) {
		const { sessionIds, deleted } = await logoutEverywhere(ctx, user);
		return {
			outcome: sessionIds.length ? 'invalidated' : 'miss',
			result: {
				index: userSessionsKey(user),
				listed: sessionIds.length,
				deleted,
				'already expired': sessionIds.length - deleted,
				...(sessionIds.length
					? { sessions: sessionIds.map((id) => ({ session: sessionKey(id) })) }
					: {})
			},
			summary: sessionIds.length
				? `user ${user}: ${deleted} of ${sessionIds.length} listed sessions deleted`
				: `user ${user} has no sessions`
		};
	}
});
