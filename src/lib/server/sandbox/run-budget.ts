/**
 * The command channel's budget per learner: RUN_BUDGET.commands commands per window (a fixed
 * window that starts with the learner's first batch), and at most RUN_BUDGET.perBatch in one batch.
 *
 * Kept in this process, not in Redis: the check must come before the batch is sent, so a
 * counter in the learner's slot would cost a round trip of its own on every batch. Behind a
 * balancer, each instance counts its own share, so a learner may get up to this budget from
 * each instance; the console's rate limit (rate-limit.ts) and the quota still hold.
 */
export const RUN_BUDGET = {
	commands: 500,
	windowSeconds: 10,
	perBatch: 50
} as const;

interface Window {
	endsAt: number;
	used: number;
}

const windows = new Map<string, Window>();
/** Past this many learners in the map, ended windows are dropped. */
const PRUNE_AT = 10_000;

export type Spent =
	{ allowed: true } | { allowed: false; retryAfterSeconds: number; error: string };

/** Takes `commands` from the learner's budget, or says when to try again. */
export function spend(learnerId: string, commands: number, now = Date.now()): Spent {
	if (windows.size > PRUNE_AT) {
		for (const [id, window] of windows) if (window.endsAt <= now) windows.delete(id);
	}
	let window = windows.get(learnerId);
	if (!window || window.endsAt <= now) {
		window = { endsAt: now + RUN_BUDGET.windowSeconds * 1000, used: 0 };
		windows.set(learnerId, window);
	}
	if (window.used + commands <= RUN_BUDGET.commands) {
		window.used += commands;
		return { allowed: true };
	}
	const retryAfterSeconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
	return {
		allowed: false,
		retryAfterSeconds,
		error:
			`sandbox limit: ${RUN_BUDGET.commands} commands per ${RUN_BUDGET.windowSeconds} s ` +
			`for your version; try again in ${retryAfterSeconds} s`
	};
}
