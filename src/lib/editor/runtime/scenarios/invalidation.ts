import type * as Queries from '$lib/server/db/queries';
import type * as Invalidation from '$lib/server/exercises/broken/update-and-invalidate';
import type * as CacheAside from '$lib/server/patterns/cache-aside';
import { asPattern, exported } from '../course-module';
import { check, courseModule, defineScenario, plural, roundTrips } from './define';

const ENTRY = 'exercises/broken/update-and-invalidate.ts';
const QUERIES = 'db/queries.ts';
const CACHE_ASIDE = 'patterns/cache-aside.ts';
/** The exercise's own cached copy of the inventory, apart from the lesson's `query:inventory`. */
const KEY = 'fix:query:inventory';

const CHECKS = {
	fresh: 'the cache matches the database after the write',
	written: 'the write changes the database'
} as const;

interface Product {
	id: number;
	stock: number;
}

/**
 * A reader has cached the inventory; a writer adds one to product 1's stock with the learner's
 * updateAndInvalidate. After each of the writer's round trips in turn, a reader (the course's
 * readThrough, in a context of its own) reads the inventory: a miss there loads the rows as they
 * are at that moment and caches them. Once the write is done, the cache must hold what the
 * database holds, or nothing.
 */
export const invalidation = defineScenario({
	checks: CHECKS,
	uses: [QUERIES, CACHE_ASIDE],
	async play(mod, tools) {
		const { updateAndInvalidate } = exported<typeof Invalidation>(
			mod,
			ENTRY,
			'updateAndInvalidate'
		);
		const { SELECT_TABLE, SAMPLE_UPDATE } = courseModule<typeof Queries>(tools, QUERIES);
		const { readThrough } = courseModule<typeof CacheAside>(tools, CACHE_ASIDE);
		const { redis, db } = tools.context('check');
		const reader = tools.context('reader');
		const read = () =>
			readThrough(asPattern(reader), KEY, () => reader.db.all(SELECT_TABLE.inventory));
		const rows = () => db.all<Product>(SELECT_TABLE.inventory);
		const stockOf = (products: Product[]) => products.find((p) => p.id === 1)?.stock;
		const write = (onStep?: (step: number) => Promise<void> | void) =>
			updateAndInvalidate(asPattern(tools.context('writer', onStep)), KEY, SAMPLE_UPDATE.inventory);

		await redis.del(KEY);
		await read();
		const before = stockOf(await rows());
		let steps = 0;
		await write((step) => void (steps = step));
		const after = stockOf(await rows());
		const written = check(
			CHECKS.written,
			after === (before ?? 0) + 1,
			`product 1's stock went from ${before} to ${after}`
		);

		for (const strike of roundTrips(steps)) {
			await redis.del(KEY);
			await read();
			await write(async (step) => {
				if (step === strike) await read();
			});
			const [cached, stored] = await Promise.all([redis.get(KEY), rows()]);
			if (cached === null || cached === JSON.stringify(stored)) continue;
			const shown = stockOf(JSON.parse(cached) as Product[]);
			return [
				check(
					CHECKS.fresh,
					false,
					`a reader that read after the writer's round trip ${strike} cached product 1 with ${shown} in stock; the database has ${stockOf(stored)}, and readers get the old rows until ${KEY} expires`
				),
				written
			];
		}
		const fresh = check(
			CHECKS.fresh,
			true,
			`a reader after any of the write's ${plural(steps, 'round trip')} left a cache that matches the database, or none`
		);
		return [fresh, written];
	}
});
