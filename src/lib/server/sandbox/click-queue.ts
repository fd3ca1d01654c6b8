import type { PatternContext } from '../pattern-support';
import type { DemoContext, Sandbox } from './sandboxes';

/** How many clicks of one demo by one learner may wait behind the one that runs. */
export const MAX_WAITING_CLICKS = 3;
export const STILL_RUNNING =
	'That demo is still running from your last click; try again when it finishes.';

/**
 * One learner's clicks of one demo run one at a time, in order: a second click while the first
 * runs waits its turn (two overlapping runs of lock-race would find each other's lock). A lab demo
 * keeps its own rule: while one of the learner's runs holds a lab server, another answers BUSY
 * at once (429 with Retry-After), so a click that waits for a run holding a lab is let go to hear
 * it.
 */
interface Lane {
	/** Called with true to take the turn, false to go without it (the run holds a lab). */
	waiting: ((turn: boolean) => void)[];
	holdsLab: boolean;
}
const lanes = new WeakMap<Sandbox, Map<string, Lane>>();

/** Resolves to the lane once it is this click's turn, to null to run without one, or 'full'. */
export async function takeTurn(sandbox: Sandbox, demoId: string): Promise<Lane | null | 'full'> {
	let byDemo = lanes.get(sandbox);
	if (!byDemo) lanes.set(sandbox, (byDemo = new Map()));
	const lane = byDemo.get(demoId);
	if (!lane) {
		const own: Lane = { waiting: [], holdsLab: false };
		byDemo.set(demoId, own);
		return own;
	}
	if (lane.holdsLab) return null;
	if (lane.waiting.length >= MAX_WAITING_CLICKS) return 'full';
	const turn = await new Promise<boolean>((resolve) => lane.waiting.push(resolve));
	return turn ? lane : null;
}

export function passTurn(sandbox: Sandbox, demoId: string, lane: Lane) {
	lane.holdsLab = false;
	const next = lane.waiting.shift();
	if (next) next(true);
	else lanes.get(sandbox)?.delete(demoId);
}

/** The lane's run asked for a lab: the clicks waiting behind it go and hear BUSY. */
export function heldLab(lane: Lane) {
	lane.holdsLab = true;
	for (const waiter of lane.waiting.splice(0)) waiter(false);
}

/** The context with `lab()` and `clusterLab()` reporting that they were called. */
export function watchingLabs(ctx: DemoContext, onLab: () => void): DemoContext {
	const watch = (context: PatternContext): PatternContext => ({
		...context,
		lab: (options) => {
			onLab();
			return context.lab(options);
		},
		clusterLab: () => {
			onLab();
			return context.clusterLab();
		}
	});
	return { ...watch(ctx), actor: (label) => watch(ctx.actor(label)) };
}
