import type * as Release from '$lib/server/exercises/broken/release-lock';
import { asPattern, exported } from '../course-module';
import { check, defineScenario, roundTrips } from './define';

const ENTRY = 'exercises/broken/release-lock.ts';
/** The exercise's own lock, apart from the lesson's `lock:report`. */
const KEY = 'fix:lock:report';
const TOKEN_A = 'worker-a:5f0c2d';
const TOKEN_B = 'worker-b:9e21a7';
const TTL_MS = 30_000;

const CHECKS = {
	own: "A's release frees A's own lock",
	late: "B's lock survives A's late release",
	race: "B's lock survives A's release"
} as const;

/**
 * Worker A releases its lock three times: while it still holds it; after it expired and worker
 * B took it; and with the expiry and B's acquisition played between two of A's round trips,
 * after each one in turn. The expiry is simulated by PEXPIREAT with a time long past, which
 * deletes the key at once: no waiting on a real TTL, so the race happens every time.
 */
export const lockRelease = defineScenario({
	checks: CHECKS,
	uses: [],
	async play(mod, tools) {
		const { releaseLock } = exported<typeof Release>(mod, ENTRY, 'releaseLock');
		const { redis } = tools.context('check');
		const take = (worker: string, token: string) =>
			tools.context(worker).redis.set(KEY, token, 'PX', TTL_MS, 'NX');
		const expire = () => tools.context('expiry').redis.pexpireat(KEY, 1);
		const start = async () => {
			await redis.del(KEY);
			await take('worker A', TOKEN_A);
		};
		const releaseAsA = (onStep?: (step: number) => Promise<void> | void) =>
			releaseLock(asPattern(tools.context('worker A', onStep)), KEY, TOKEN_A);
		const holder = async () => {
			const token = await redis.get(KEY);
			return token === TOKEN_A ? 'worker A' : token === TOKEN_B ? 'worker B' : token;
		};

		await start();
		let steps = 0;
		await releaseAsA((step) => void (steps = step));
		const afterOwn = await holder();
		const own = check(
			CHECKS.own,
			afterOwn === null,
			afterOwn === null
				? `the lock is free after ${steps === 1 ? '1 round trip' : `${steps} round trips`}`
				: `${KEY} is still held by ${afterOwn}`
		);

		await start();
		await expire();
		await take('worker B', TOKEN_B);
		await releaseAsA();
		const afterLate = await holder();
		const late = check(
			CHECKS.late,
			afterLate === 'worker B',
			afterLate === 'worker B'
				? 'worker B still holds the lock: A found a token that was not its own'
				: afterLate === null
					? "A's lock had expired and B held it; A's release deleted worker B's lock"
					: `${KEY} is held by ${afterLate}`
		);

		for (const strike of roundTrips(steps)) {
			await start();
			let struck = false;
			await releaseAsA(async (step) => {
				if (step !== strike) return;
				struck = true;
				await expire();
				await take('worker B', TOKEN_B);
			});
			// A release that took fewer round trips this time (its script already loaded) ended first.
			if (!struck) continue;
			const after = await holder();
			if (after !== 'worker B') {
				const what =
					after === null
						? "worker A's next command deleted worker B's lock"
						: `then ${after} held it`;
				return [
					own,
					late,
					check(
						CHECKS.race,
						false,
						`after A's round trip ${strike}, A's lock expired and worker B took it; ${what}`
					)
				];
			}
		}
		const race = check(
			CHECKS.race,
			true,
			`worker B kept the lock whichever of A's round trips its lock expired after`
		);
		return [own, late, race];
	}
});
