import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** The learner's id: 128 random bits in an httpOnly, SameSite=Lax cookie, issued by the server. */
export const LEARNER_COOKIE = 'learner';
const LEARNER_ID = /^[A-Za-z0-9_-]{22}$/;

export function learnerId(cookies: Cookies, secure: boolean): string {
	const existing = cookies.get(LEARNER_COOKIE);
	if (existing && LEARNER_ID.test(existing)) return existing;
	const id = randomBytes(16).toString('base64url');
	cookies.set(LEARNER_COOKIE, id, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 60 * 60 * 24 * 30
	});
	return id;
}
