import { memoryKey } from '../../pattern-support';
import { COOKIE_NAME } from '../../patterns/sessions';

/**
 * The browser's cookie jar for the sessions lesson, played by this server's memory for the
 * learner: the session id the last login set, until a logout clears it.
 */
export const SESSION_COOKIE = memoryKey<string | undefined>(
	`cookie:${COOKIE_NAME}`,
	() => undefined
);
