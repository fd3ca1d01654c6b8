import type * as Limiter from '$lib/server/exercises/broken/fixed-window';
import type { EditorContext } from '../context';
import { Crash } from '../context';
import { asPattern, exported } from '../course-module';
import { check, defineScenario, roundTrips } from './define';

const ENTRY = 'exercises/broken/fixed-window.ts';
/** The exercise's own counter, apart from the lesson's `rate:fixed-window:ada`. */
const KEY = 'fix:rate:user-7';
const LIMIT = 5;
const WINDOW_SECONDS = 60;

const CHECKS = {
	ttl: 'the counter always has a TTL',
	limit: `${LIMIT} requests pass and the next is refused`
} as const;

type Strike = 'crash' | 'window ends';

/**
 * The first request of a window, stopped after each of its round trips in turn: by a crash of
 * the app server (the step hook throws Crash, so nothing more is sent), or by the window ending
 * right there (the key deleted by PEXPIREAT with a time long past, as its TTL running out would).
 * Whatever happens, the counter must have a TTL or be gone: a counter with none never resets.
 */
export const rateLimiter = defineScenario({
	checks: CHECKS,
	uses: [],
	async play(mod, tools) {
		const { fixedWindow } = exported<typeof Limiter>(mod, ENTRY, 'fixedWindow');
		const { redis } = tools.context('check');
		const request = (ctx: EditorContext) => fixedWindow(asPattern(ctx), KEY, LIMIT, WINDOW_SECONDS);

		await redis.del(KEY);
		let steps = 0;
		await request(tools.context('app server', (step) => void (steps = step)));

		const struck = async (strike: number, what: Strike) => {
			await redis.del(KEY);
			const actor = what === 'crash' ? 'app server (crashes)' : 'app server';
			const ctx = tools.context(actor, async (step) => {
				if (step !== strike) return;
				if (what === 'crash') throw new Crash();
				await tools.context('expiry').redis.pexpireat(KEY, 1);
			});
			await request(ctx).catch((error: unknown) => {
				if (!(error instanceof Crash)) throw error;
			});
			return (await redis.ttl(KEY)) === -1 ? await redis.get(KEY) : null;
		};
		let ttl = check(
			CHECKS.ttl,
			true,
			`after a crash or the window's end ${steps === 1 ? "after the request's one round trip" : `after each of the request's ${steps} round trips`}, the counter had a TTL or was gone`
		);
		search: for (const strike of roundTrips(steps)) {
			for (const what of ['crash', 'window ends'] as const) {
				const stuck = await struck(strike, what);
				if (stuck === null) continue;
				const cause =
					what === 'crash'
						? `a crash after round trip ${strike} of a window's first request`
						: `the window ended after round trip ${strike} of a request, and the rest of it`;
				ttl = check(
					CHECKS.ttl,
					false,
					`${cause} left ${KEY} at ${stuck} with no TTL: it never resets, so from request ${LIMIT + 1} on user-7 is refused for good`
				);
				break search;
			}
		}

		await redis.del(KEY);
		const app = tools.context('app server');
		const allowed: boolean[] = [];
		for (let i = 0; i <= LIMIT; i++) allowed.push((await request(app)).allowed);
		const expected = allowed.map((_, i) => i < LIMIT);
		const passed = allowed.flatMap((ok, i) => (ok ? [i + 1] : []));
		const limit = check(
			CHECKS.limit,
			allowed.every((ok, i) => ok === expected[i]),
			passed.length
				? `allowed: request ${passed.join(', ')} of ${LIMIT + 1}`
				: 'every request was refused'
		);
		return [ttl, limit];
	}
});
