import type { Chart } from '$lib/types';
import {
	ALGORITHMS,
	limitRequest,
	type Algorithm,
	type RateLimitVerdict
} from '../patterns/rate-limit';
import { memoryKey } from '../pattern-support';
import { defineDemo, integer } from './define';

const DONE = 'done';
const RUNS = memoryKey('rate-limit-burst:runs', () => 0);
/** The burst starts this share of a window before the fixed window's boundary and ends as long after. */
const BURST_SHARE = 0.1;
const MAX_ATTEMPTS = 3;

interface Sent {
	algorithm: Algorithm;
	/** ms from the fixed window's boundary */
	at: number;
	verdict: RateLimitVerdict;
}

/** The most requests allowed inside any span one window long. */
function mostInOneWindow(times: number[], windowMs: number): number {
	let most = 0;
	for (const start of times) {
		most = Math.max(most, times.filter((t) => t >= start && t < start + windowMs).length);
	}
	return most;
}

export default defineDemo({
	id: 'rate-limit-burst',
	title: 'A burst across a window boundary, through all four algorithms',
	button: 'Fire the burst',
	pattern: 'rate-limit',
	runs: 'limitRequest',
	draws: ['chart'],
	inputs: {
		'max-requests': integer('Max requests', 5, 20, 10),
		window: integer('Window (s)', 1, 5, 2)
	},
	async run(ctx, { 'max-requests': limit, window }) {
		const windowMs = window * 1000;
		const count = 2 * limit;
		// One lane per algorithm in the trace: each one's commands labelled with its name.
		const lanes = new Map(ALGORITHMS.map((algorithm) => [algorithm, ctx.actor(algorithm)]));

		/** One timeline for a fresh user: an opening request, then the burst around the boundary. */
		const fire = async () => {
			const run = (await ctx.memory.get(RUNS)) + 1;
			await ctx.memory.set(RUNS, run);
			const user = `burst-${run}`; // a fresh user each run: no quota left over from the last one
			const send = async (algorithm: Algorithm, boundary: number) => {
				const now = ctx.clock.now();
				const verdict = await limitRequest(
					lanes.get(algorithm)!,
					algorithm,
					user,
					limit,
					window,
					now
				);
				return { algorithm, at: now - boundary, verdict } satisfies Sent;
			};

			// One request per algorithm opens the fixed window; its TTL says when that window ends,
			// counted from the moment the fixed window's reply arrived.
			let boundary = 0;
			const opening = await Promise.all(
				ALGORITHMS.map(async (algorithm) => {
					const sent = await send(algorithm, 0);
					if (algorithm === 'fixed-window') boundary = ctx.clock.now() + sent.verdict.resetMs;
					return sent;
				})
			);
			for (const sent of opening) sent.at -= boundary;

			// Then 2 × limit requests per algorithm, evenly spread from just before to just after it.
			const spanMs = 2 * BURST_SHARE * windowMs;
			const step = spanMs / count;
			const burst: Promise<Sent>[] = [];
			for (let i = 0; i < count; i++) {
				await ctx.clock.sleep(
					Math.max(0, boundary - spanMs / 2 + (i + 0.5) * step - ctx.clock.now())
				);
				for (const algorithm of ALGORITHMS) burst.push(send(algorithm, boundary));
			}
			return { user, opening, sent: await Promise.all(burst) };
		};

		// A server busy elsewhere (rendering a page, say) can hold the timers back; if most of the
		// first half of the burst went out after the boundary, the timeline shows nothing: run again.
		let attempts = 0;
		let timeline: Awaited<ReturnType<typeof fire>>;
		do {
			attempts++;
			timeline = await fire();
		} while (
			attempts < MAX_ATTEMPTS &&
			timeline.sent.filter((s) => s.algorithm === 'fixed-window' && s.at < 0).length < limit / 2
		);
		const { user, opening, sent } = timeline;

		const round = (ms: number) => Math.round(ms);
		const chart: Chart = {
			title: `Requests allowed during the burst: ${count} sent, limit ${limit} per ${window} s`,
			xLabel: 'ms from the fixed window boundary',
			yLabel: 'allowed so far',
			kind: 'line',
			series: ALGORITHMS.map((algorithm) => {
				let allowed = 0;
				return {
					name: algorithm,
					points: sent
						.filter((s) => s.algorithm === algorithm)
						.map((s): [number, number] => [round(s.at), (allowed += s.verdict.allowed ? 1 : 0)])
				};
			})
		};
		const algorithms = ALGORITHMS.map((algorithm) => {
			const all = [...opening, ...sent].filter((s) => s.algorithm === algorithm);
			const inBurst = sent.filter((s) => s.algorithm === algorithm && s.verdict.allowed);
			const allowedTimes = all.filter((s) => s.verdict.allowed).map((s) => s.at);
			return {
				algorithm,
				sent: all.length,
				allowed: allowedTimes.length,
				blocked: all.length - allowedTimes.length,
				'allowed before the boundary': inBurst.filter((s) => s.at < 0).length,
				'allowed after it': inBurst.filter((s) => s.at >= 0).length,
				'most in one window': mostInOneWindow(allowedTimes, windowMs)
			};
		});
		const requests = Array.from({ length: count }, (_, i) => {
			const row: Record<string, string | number> = { request: i + 1 };
			for (const algorithm of ALGORITHMS) {
				const s = sent[i * ALGORITHMS.length + ALGORITHMS.indexOf(algorithm)]!;
				if (algorithm === 'fixed-window') row['ms from boundary'] = round(s.at);
				row[algorithm] = s.verdict.allowed ? 'allowed' : 'blocked';
			}
			return row;
		});
		const most = Object.fromEntries(algorithms.map((a) => [a.algorithm, a['most in one window']]));
		return {
			outcome: DONE,
			result: {
				chart,
				user,
				...(attempts > 1
					? { attempts: `${attempts}: the server's timers ran late, so the burst was sent again` }
					: {}),
				opening: `one request per algorithm at ${round(opening[0]!.at)} ms opened the fixed window`,
				algorithms,
				requests
			},
			summary:
				`limit ${limit} per ${window} s: at most ${most['fixed-window']} allowed within one window by ` +
				`fixed-window, ${most['sliding-log']} by sliding-log, ${most['sliding-counter']} by ` +
				`sliding-counter, ${most['token-bucket']} by token-bucket`
		};
	}
});
