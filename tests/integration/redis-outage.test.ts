/**
 * The course's own Redis stopped under a learner and started again: a private redis-server (this
 * file runs in its own worker, and the connection module reads REDIS_URL when it first connects,
 * so pointing REDIS_URL at it before then gives the whole course this server), killed as a crash
 * would, then started again on the same port with nothing restarted.
 */
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import { SERVED_FROM_DATABASE } from '$lib/server/demos/support/fail-open';
import { REDIS_UNAVAILABLE, redisStatus } from '$lib/server/redis/connection';
import { sandboxOf } from '$lib/server/sandbox/sandboxes';
import { GET as keysGet } from '../../src/routes/api/keys/+server';
import { actions as sandboxActions } from '../../src/routes/sandbox/+page.server';
import { outageLearner, PROMPT_MS, succeeded, timed, usePrivateCourseRedis } from './course-outage';

/** Reads with the database behind them: with Redis away they answer from SQLite, and say so. */
const FAIL_OPEN: Record<string, (result: never) => unknown> = {
	'cache-aside-read': (rows: unknown[]) => rows,
	'sql-resultset': ({ rows }: { rows: unknown[] }) => rows,
	'json-fields': ({ card }: { card: unknown[] }) => card,
	'redis-hash': ({ fields }: { fields: unknown[] }) => fields,
	'serialized-object': ({ customer }: { customer: unknown[] }) => customer,
	'aggregate-query': (top: unknown[]) => top,
	'join-group-by': (cities: unknown[]) => cities,
	'ttl-fixed': ({ cachedAt: _, ageSeconds: __, ...product }: Record<string, unknown>) => product,
	'ttl-sliding': ({ cachedAt: _, ageSeconds: __, ...product }: Record<string, unknown>) => product,
	'event-update-product': ({ product }: { product: unknown[] }) => product,
	'cold-vs-warm': ({ reads }: { reads: { product: number }[] }) => reads.map((r) => r.product)
};
/**
 * Demos on private lab servers: the course's Redis is not theirs, so they keep working. Two
 * learners run them side by side (the cluster's three servers and one more stay within the four
 * lab servers allowed at once), since some fill a server with 200,000 keys or more.
 */
const LAB_LANES = [
	['cluster-slots', 'cluster-crossslot', 'keys-timed'],
	[
		'big-key-delete',
		'eviction',
		'hash-encoding',
		'memory-compare',
		'persistence',
		'redis-outage',
		'slowlog'
	]
];
const LABS = LAB_LANES.flat();
/** Reads SQLite only, for comparison with the cache. */
const NO_REDIS = ['view-table'];
/** Every other demo cannot fail open (writes, locks, queues, limits, sessions, boards): 503. */
const FAIL_CLOSED = [...DEMOS.keys()].filter(
	(id) => !(id in FAIL_OPEN) && !LABS.includes(id) && !NO_REDIS.includes(id)
);

/** What the driver says; a learner is never shown it. */
const DRIVER_TEXT = /enableOfflineQueue|Stream isn't writeable|ECONNREFUSED|MaxRetriesPerRequest/;

const learnerId = 'outage-learner';
const server = usePrivateCourseRedis('redis-outage-test-', () => {
	for (const id of [learnerId, ...LAB_LANES.map((_, i) => `outage-lab-${i}`)])
		sandboxOf(id).close();
});

const { click, consoleLine } = outageLearner(learnerId, 'outage');

async function inspector() {
	const response = await keysGet({ locals: { learnerId, slowDbMs: 0 } } as never);
	return { status: response.status, body: (await response.json()) as { error?: string } };
}

describe('the course with its Redis stopped, then started again', () => {
	/** Each fail-open read as it answered with Redis up: what the outage must still show. */
	const before = new Map<string, unknown>();

	it('answers every read with Redis up first, and the learner has typed a console line', async () => {
		for (const [id, rowsOf] of Object.entries(FAIL_OPEN)) {
			const { answer } = await click(id);
			before.set(id, rowsOf(succeeded(answer).result as never));
		}
		expect((await consoleLine('SET note hello')).body.reply).toBe('OK');
		// The kill: the process is gone at once, as in a crash; nothing is persisted.
		await server().shutdown({ crash: true });
	});

	it.each(Object.keys(FAIL_OPEN))(
		'%s fails open: the rows from SQLite, outcome degraded, within 2 s',
		async (id) => {
			const { answer, ms } = await click(id);
			const result = succeeded(answer);
			expect(ms).toBeLessThan(PROMPT_MS);
			expect(result.outcome).toBe('degraded');
			expect(result.summary).toContain(SERVED_FROM_DATABASE);
			expect(FAIL_OPEN[id]!(result.result as never)).toEqual(before.get(id));
			expect(result.sql.length).toBeGreaterThan(0);
			expect(result.trace).toContainEqual(
				expect.objectContaining({
					reply: expect.stringMatching(/^\(error\) no connection to Redis/)
				})
			);
			// Nothing is written to a cache that is down: a failed GET is not followed by a SET.
			expect(result.trace.filter((entry) => /^(SET|MULTI)$/.test(entry.cmd))).toEqual([]);
			expect(JSON.stringify(result)).not.toMatch(DRIVER_TEXT);
		}
	);

	it.each(FAIL_CLOSED)('%s answers 503 with the one sentence, within 2 s', async (id) => {
		const { answer, ms } = await click(id);
		expect(ms).toBeLessThan(PROMPT_MS);
		expect(isActionFailure(answer), JSON.stringify(answer).slice(0, 300)).toBe(true);
		const failure = answer as ActionFailure<{ error: string }>;
		expect(failure.status).toBe(503);
		expect(failure.data.error).toBe(REDIS_UNAVAILABLE);
		expect(JSON.stringify(failure.data)).not.toMatch(DRIVER_TEXT);
	});

	it('view-table, which never asks Redis, reads SQLite as usual', async () => {
		const { answer, ms } = await click('view-table');
		expect(ms).toBeLessThan(PROMPT_MS);
		expect(succeeded(answer).outcome).toBe('read');
	});

	it('the console, the key inspector and reset say the one sentence within 2 s', async () => {
		expect(await timed(() => consoleLine('GET note'))).toEqual({
			status: 503,
			body: { reply: `(error) ${REDIS_UNAVAILABLE}`, error: true }
		});
		expect(await timed(inspector)).toEqual({
			status: 503,
			body: { keys: [], error: REDIS_UNAVAILABLE }
		});
		const form = new URLSearchParams({ confirm: 'yes', return: '/' });
		const request = new Request('http://localhost/sandbox?/reset', { method: 'POST', body: form });
		const reset = await timed(() =>
			sandboxActions.reset({ request, locals: { learnerId, slowDbMs: 0 }, cookies: {} } as never)
		);
		expect(reset).toMatchObject({
			status: 503,
			data: { error: `Could not reset the sandbox: ${REDIS_UNAVAILABLE}` }
		});
		const status = await timed(redisStatus);
		expect(status.connected).toBe(false);
		expect(status.message).toBe(REDIS_UNAVAILABLE); // the page's header shows it
	});

	it('the lab demos, on private servers of their own, keep working', async () => {
		await Promise.all(
			LAB_LANES.map(async (lane, i) => {
				for (const id of lane) {
					const { answer } = await click(id, `outage-lab-${i}`);
					expect(succeeded(answer).outcome, id).not.toBe('error');
				}
			})
		);
	}, 120_000);

	it('recovers within 5 s of Redis starting again on the same port: a MISS, then a HIT', async () => {
		await server().start();
		const started = performance.now();
		let outcome = 'degraded';
		while (outcome === 'degraded' && performance.now() - started < 5000) {
			outcome = succeeded((await click('cache-aside-read')).answer).outcome;
			if (outcome === 'degraded') await new Promise((resolve) => setTimeout(resolve, 100));
		}
		// The restarted server is empty (no persistence): the first read misses and caches again.
		expect(outcome).toBe('miss');
		expect(succeeded((await click('cache-aside-read')).answer).outcome).toBe('hit');
		expect(performance.now() - started).toBeLessThan(5000);
		// The rest is back too, without restarting anything.
		expect(succeeded((await click('leaderboard-seed')).answer).outcome).not.toBe('error');
		expect(await consoleLine('GET note')).toEqual({
			status: 200,
			body: { reply: '(nil)', error: false }
		});
		expect((await inspector()).status).toBe(200);
		expect((await redisStatus()).connected).toBe(true);
	});
});
