import type { PatternContext } from '../pattern-support';

type Redis = PatternContext['redis'];

/**
 * How big a hash may grow and stay a compact listpack: the server's own settings, since they
 * differ between versions and deployments. Past either limit Redis converts the hash, for good,
 * to a real hash table: faster to change in place, more memory per field.
 */
export async function listpackLimits(redis: Redis) {
	const reply = (await redis.config('GET', 'hash-max-listpack-*')) as string[];
	const settings = new Map<string, number>();
	for (let i = 0; i + 1 < reply.length; i += 2) settings.set(reply[i]!, Number(reply[i + 1]));
	return {
		entries: settings.get('hash-max-listpack-entries')!,
		valueBytes: settings.get('hash-max-listpack-value')!
	};
}

/** A key's encoding and its size in bytes, as the server reports them. */
export async function encodingOf(redis: Redis, key: string) {
	const encoding = (await redis.object('ENCODING', key)) as string | null;
	const bytes = await redis.memory('USAGE', key);
	return { encoding, bytes };
}
