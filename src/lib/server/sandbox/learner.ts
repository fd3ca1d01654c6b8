import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** The learner's id: 128 random bits in an httpOnly, SameSite=Lax cookie, issued by the server. */
export const LEARNER_COOKIE = 'learner';
const LEARNER_ID = /^[A-Za-z0-9_-]{22}$/;

/** The learner's id, and whether this request issued it (no cookie came with it). */
export function learnerId(cookies: Cookies, secure: boolean): { id: string; issued: boolean } {
	const existing = cookies.get(LEARNER_COOKIE);
	if (existing && LEARNER_ID.test(existing)) return { id: existing, issued: false };
	const id = randomBytes(16).toString('base64url');
	cookies.set(LEARNER_COOKIE, id, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 60 * 60 * 24 * 30
	});
	return { id, issued: true };
}

/**
 * The answer of /api/run and /api/db to a request that brought no learner cookie: each such
 * request would be a new learner with a fresh budget and quota.
 */
export const NO_LEARNER =
	'Open a lesson first: the course gives your browser its sandbox when a page loads, and runs your version’s commands in it.';
