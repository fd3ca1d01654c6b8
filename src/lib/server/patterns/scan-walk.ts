import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

export interface ScanStep {
	/** The cursor this call was given ("0" for the first). */
	cursor: string;
	/** The cursor the server answered: the next call's, or "0" when the walk is over. */
	next: string;
	keys: string[];
}

/**
 * A SCAN walk, one call per step: start at cursor 0, hand each reply's cursor to the next call,
 * stop when the server answers 0. Each call does a bounded amount of work (about COUNT keys
 * looked at), so other clients are served between two steps. MATCH filters those keys after
 * the work: a narrow pattern takes as many steps as `*`, most of them returning little.
 */
export async function scanWalk(
	redis: Redis,
	match: string,
	count: number,
	onStep: (step: ScanStep) => void | Promise<void>
): Promise<void> {
	let cursor = '0';
	do {
		const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', count);
		await onStep({ cursor, next, keys });
		cursor = next;
	} while (cursor !== '0');
}

/**
 * Every key matching `match`, each once. A walk may return a key twice (when the keyspace is
 * resized between two calls), so the names go through a Set; a key added or deleted during the
 * walk may or may not be among them.
 */
export async function scanKeys(redis: Redis, match: string, count = 1000): Promise<string[]> {
	const found = new Set<string>();
	await scanWalk(redis, match, count, ({ keys }) => {
		for (const key of keys) found.add(key);
	});
	return [...found];
}
