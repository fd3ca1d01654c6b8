import { isHttpError } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { PRODUCT_COUNT } from '$lib/server/db/seed';
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

const click = (type = 'application/x-www-form-urlencoded') =>
	new Request('http://localhost/bench?/answer', {
		method: 'POST',
		headers: { 'content-type': type },
		body: 'demo=cache-aside-read&table=inventory'
	});

describe('the /bench actions a click is measured against (npm run bench)', () => {
	it('do not exist unless the server runs with BENCH=1', async () => {
		expect(await thrownStatus(() => load())).toBe(404);
		expect(await thrownStatus(() => actions.noop())).toBe(404);
		expect(await thrownStatus(() => actions.get())).toBe(404);
		expect(await thrownStatus(() => actions.answer({ request: click() }))).toBe(404);
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

	it('with BENCH=1: the third reads the form and answers what a HIT of the inventory answers', async () => {
		process.env.BENCH = '1';
		const answer = await actions.answer({ request: click() });
		expect(answer).toMatchObject({ demo: 'cache-aside-read', outcome: 'hit', sql: [] });
		if (!('result' in answer)) throw new Error('no answer');
		expect(answer.result).toHaveLength(PRODUCT_COUNT);
		expect(answer.trace.map(({ cmd, args }) => [cmd, ...args])).toEqual([
			['GET', 'query:inventory']
		]);
		expect(answer.keys).toEqual([{ key: 'query:inventory', ttlMs: expect.any(Number) }]);
		expect(await actions.answer({ request: click('text/plain') })).toMatchObject({ status: 415 });
	});
});
