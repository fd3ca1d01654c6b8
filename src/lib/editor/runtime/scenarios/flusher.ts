import type * as Queries from '$lib/server/db/queries';
import type * as Flusher from '$lib/server/exercises/broken/flush-queue';
import type { QueuedWrite } from '$lib/server/patterns/write-behind';
import type { EditorContext } from '../context';
import { Crash } from '../context';
import { asPattern, exported } from '../course-module';
import { check, courseModule, defineScenario, plural, roundTrips } from './define';

const ENTRY = 'exercises/broken/flush-queue.ts';
const QUERIES = 'db/queries.ts';
/** The exercise's own lists, apart from the lesson's `write-behind:*`. */
const KEYS = {
	queue: 'fix:write-behind:queue',
	processing: 'fix:write-behind:processing',
	failed: 'fix:write-behind:failed'
};
const CUSTOMERS = [1, 2, 3];
/** New cities for the three customers, each run a value their row does not hold yet. */
const CITIES = ['Bergen', 'Porto', 'Ghent', 'Turku', 'Split', 'Lund', 'Graz', 'Cork'];

const CHECKS = {
	kept: 'every queued change is either in the database or still in Redis',
	restart: 'a restarted flusher writes every change to the database'
} as const;

type Cities = Map<number, string>;

/**
 * Three changes queued, then a flush that crashes after one of its round trips (the step hook
 * throws Crash: nothing more is sent, as if the process died), after each in turn. Right after
 * the crash, every change must be in the database or in one of the queue's lists; after a
 * restarted flusher runs once, every change must be in the database.
 */
export const flusher = defineScenario({
	checks: CHECKS,
	uses: [QUERIES],
	async play(mod, tools) {
		const { flush } = exported<typeof Flusher>(mod, ENTRY, 'flush');
		const { SELECT_TABLE } = courseModule<typeof Queries>(tools, QUERIES);
		const { redis, db } = tools.context('check');
		const app = tools.context('app').redis;
		const run = (ctx: EditorContext) => flush(asPattern(ctx), KEYS);

		const cities = async (): Promise<Cities> => {
			const rows = await db.all<{ id: number; city: string }>(SELECT_TABLE.customers);
			return new Map(rows.map((row) => [row.id, row.city]));
		};
		let round = 0;
		const queueThree = async (now: Cities) => {
			await redis.del(KEYS.queue, KEYS.processing, KEYS.failed);
			const changes: QueuedWrite[] = CUSTOMERS.map((customerId, i) => {
				const choices = CITIES.filter((city) => city !== now.get(customerId));
				const value = choices[(round * CUSTOMERS.length + i) % choices.length]!;
				return { customerId, field: 'city', value, queuedAt: Date.now() };
			});
			round++;
			await app.rpush(KEYS.queue, ...changes.map((change) => JSON.stringify(change)));
			return changes;
		};
		const written = (changes: QueuedWrite[], now: Cities) =>
			changes.filter((change) => now.get(change.customerId) === change.value);
		const named = (changes: QueuedWrite[]) =>
			changes.map((c) => `customer ${c.customerId}'s city ${c.value}`).join(', ');

		let now = await cities();
		let steps = 0;
		await queueThree(now);
		await run(tools.context('flusher', (step) => void (steps = step)));
		now = await cities();

		let kept = check(
			CHECKS.kept,
			true,
			`a crash after any of the flush's ${plural(steps, 'round trip')} lost nothing`
		);
		let restart = check(
			CHECKS.restart,
			true,
			`after each crash, one restarted flush wrote all ${CUSTOMERS.length} changes`
		);
		for (const strike of roundTrips(steps)) {
			const changes = await queueThree(now);
			const crashing = tools.context('flusher (crashes)', (step) => {
				if (step === strike) throw new Crash();
			});
			await run(crashing).catch((error: unknown) => {
				if (!(error instanceof Crash)) throw error;
			});
			const [queued, processing, failed] = await Promise.all(
				[KEYS.queue, KEYS.processing, KEYS.failed].map((key) => redis.lrange(key, 0, -1))
			);
			const inRedis = new Set([...queued!, ...processing!, ...failed!]);
			const notInRedis = changes.filter((change) => !inRedis.has(JSON.stringify(change)));
			// The database is read only when it must hold something: a slow one makes each read count.
			const inDatabase = notInRedis.length ? written(changes, await cities()) : [];
			const lost = notInRedis.filter((change) => !inDatabase.includes(change));
			if (lost.length) {
				kept = check(
					CHECKS.kept,
					false,
					`a crash after round trip ${strike} left queue: ${queued!.length}, processing: ${processing!.length}, database: ${inDatabase.length}, lost: ${lost.length} (${named(lost)})`
				);
			}
			await run(tools.context('restarted flusher'));
			now = await cities();
			const missing = changes.filter((change) => !written([change], now).length);
			if (missing.length) {
				restart = check(
					CHECKS.restart,
					false,
					`after a crash at round trip ${strike} and one restarted flush, the database lacks ${plural(missing.length, 'change')}: ${named(missing)}`
				);
			}
			if (!kept.ok || !restart.ok) break;
		}
		return [kept, restart];
	}
});
