import { randomBytes } from 'node:crypto';
import type { PatternContext } from '../pattern-support';
import { execAll } from '../pattern-support';

export const TTL_CHOICES_SECONDS = [60, 120, 300] as const;

/** The name of the cookie that carries the session id to and from the browser. */
export const COOKIE_NAME = 'sid';

export const sessionKey = (sessionId: string) => `session:${sessionId}`;
/** The index of one user's sessions, so that "log out everywhere" never has to scan keys. */
export const userSessionsKey = (userId: number) => `user-sessions:${userId}`;

export interface Session {
	'user-id': string;
	name: string;
	email: string;
	tier: string;
	'created-at': string;
	'ttl-seconds': string;
}

/**
 * Logs a user in: a hash with what each request needs (so it does not query the users table),
 * its TTL, and its id in the user's index, in one MULTI. The index lives as long as its
 * longest session: EXPIRE NX gives a new index a TTL, EXPIRE GT only ever lengthens it.
 */
export async function login(ctx: PatternContext, userId: number, ttlSeconds: number) {
	const user = await ctx.db.get<{ name: string; email: string; tier: string }>(
		'SELECT name, email, tier FROM customers WHERE id = ?',
		userId
	);
	if (!user) throw new Error(`There is no user ${userId}.`);
	// 128 random bits: a session id is a password for as long as it lives.
	const sessionId = randomBytes(16).toString('base64url');
	const session: Session = {
		'user-id': String(userId),
		...user,
		'created-at': new Date(ctx.clock.now()).toISOString(),
		'ttl-seconds': String(ttlSeconds)
	};
	const index = userSessionsKey(userId);
	const replies = await execAll(
		ctx.redis
			.multi()
			.hset(sessionKey(sessionId), session)
			.expire(sessionKey(sessionId), ttlSeconds)
			.sadd(index, sessionId)
			.expire(index, ttlSeconds, 'NX')
			.expire(index, ttlSeconds, 'GT')
			.scard(index)
	);
	return { sessionId, session, indexed: Number(replies[5]) };
}

/** The session behind a cookie, or null once it has expired or been logged out. */
export async function getSession({ redis }: PatternContext, sessionId: string) {
	const session = await redis.hgetall(sessionKey(sessionId));
	// HGETALL answers an empty hash for a missing key: no fields means no session.
	return Object.keys(session).length ? (session as unknown as Session) : null;
}

/**
 * Sliding expiry: activity pushes the session's TTL back to its full length. Only TTLs change
 * here. Writing a field (a "last seen" time, say) would recreate a session that expired a moment
 * before, as a hash without a TTL that never goes away.
 */
export async function refreshSession(ctx: PatternContext, sessionId: string) {
	const session = await getSession(ctx, sessionId);
	if (!session) return null;
	const ttlSeconds = Number(session['ttl-seconds']);
	const index = userSessionsKey(Number(session['user-id']));
	const [extended] = await execAll(
		ctx.redis
			.multi()
			.expire(sessionKey(sessionId), ttlSeconds)
			.expire(index, ttlSeconds, 'NX')
			.expire(index, ttlSeconds, 'GT')
	);
	return extended === 1 ? { session, ttlSeconds } : null;
}

/** Logs out one session: the hash and its entry in the user's index go together. */
export async function logout(ctx: PatternContext, sessionId: string) {
	const userId = await ctx.redis.hget(sessionKey(sessionId), 'user-id');
	if (userId === null) return false;
	await execAll(
		ctx.redis
			.multi()
			.del(sessionKey(sessionId))
			.srem(userSessionsKey(Number(userId)), sessionId)
	);
	return true;
}

/**
 * Logs a user out of every device: the index names their sessions, so this touches only their
 * keys, never the whole keyspace. It removes exactly the ids it read: a login that lands between
 * the SMEMBERS and the MULTI keeps its entry, so a later call still finds it.
 */
export async function logoutEverywhere({ redis }: PatternContext, userId: number) {
	const index = userSessionsKey(userId);
	const ids = await redis.smembers(index);
	if (!ids.length) return { sessionIds: [], deleted: 0 };
	const [deleted] = await execAll(
		redis
			.multi()
			.del(...ids.map(sessionKey))
			.srem(index, ...ids)
	);
	// Ids of sessions that had already expired were still listed: they count, but delete nothing.
	return { sessionIds: ids, deleted: Number(deleted) };
}
