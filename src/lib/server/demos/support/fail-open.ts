import { isConnectionError } from '../../redis/traced-client';

/** The words the page and the activity log use for a read that failed open with Redis away. */
export const SERVED_FROM_DATABASE = 'served from the database: Redis is unavailable';

/**
 * What a cache-aside read that failed open tells the learner: Redis away is the one sentence; an
 * error Redis answered (a key the console made a list, say) is quoted, since it will not pass.
 */
export function servedFromDatabase(cacheError: Error): string {
	if (isConnectionError(cacheError)) return SERVED_FROM_DATABASE;
	return `served from the database: the cache answered ${cacheError.message.split('\n')[0]}`;
}
