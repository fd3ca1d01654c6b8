import { isHttpError } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedRedis } from '$lib/server/redis/connection';
import { actions, load } from '../../src/routes/bench/+page.server';

afterEach(() => {
	delete process.env.BENCH;
});

/** The status an action or load throws, if it throws SvelteKit's error(). */
async function thrownStatus(call: () => unknown) {
	try {
		await call();
	} catch (error) {
		if (isHttpError(error)) return error.status;
		throw error;
	}
	return null;
}

describe('the /bench actions a click is measured against (npm run bench)', () => {
	it('do not exist unless the server runs with BENCH=1', async () => {
		expect(await thrownStatus(() => load())).toBe(404);
		expect(await thrownStatus(() => actions.noop())).toBe(404);
		expect(await thrownStatus(() => actions.get())).toBe(404);
	});

	it('with BENCH=1: one does nothing, the other answers one GET of the course’s Redis', async () => {
		process.env.BENCH = '1';
		expect(actions.noop()).toEqual({ ok: true });
		const redis = await sharedRedis();
		await redis.set('bench:probe', 'probe value', 'EX', 60);
		expect(await actions.get()).toEqual({ value: 'probe value' });
		await redis.del('bench:probe');
		expect(await actions.get()).toEqual({ value: null });
	});
});
