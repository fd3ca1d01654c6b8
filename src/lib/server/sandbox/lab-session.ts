import type { Lab } from '../pattern-support';
import { LabBusyError, MAX_LAB_SERVERS, startLab } from '../redis/labs';
import { newRecorder, type Recorder } from '../redis/traced-client';

/**
 * A learner's own lab server for the command channel (`/api/run` with `lab: true`): where their
 * version's own Lua runs, never on the shared Redis. Started on the first lab batch (it counts
 * against the labs' bound: at the bound, startLab throws LabBusyError), stopped by a batch with
 * `end: true`, after LAB_IDLE_MS without a batch, when a script runs past SCRIPT_LIMIT_MS, and
 * when the learner's sandbox closes. One per learner on this instance; a batch past the
 * session's lifetime starts a new one, so no learner keeps a lab server for good.
 */
export const LAB_IDLE_MS = 10_000;
/**
 * How long a lab batch may run. A busy script makes a lab answer BUSY after its
 * busy-reply-threshold (200 ms), and then nothing but SHUTDOWN NOSAVE or a kill stops it: not
 * even SIGTERM (measured on 7.0.15), so the lab is killed.
 */
export const SCRIPT_LIMIT_MS = 500;

/** The session's times and bound; tests shorten them with setLabSessionLimits. */
export interface LabSessionLimits {
	idleMs: number;
	/** From the session's start: the first batch after it stops the lab and starts a new one. */
	lifetimeMs: number;
	/** After a lab was killed under a learner's batch, how long their next lab batch must wait. */
	cooldownMs: number;
	/** Channel labs at once on this instance: the rest of MAX_LAB_SERVERS is the lab demos'. */
	maxSessions: number;
}

const DEFAULT_LIMITS: LabSessionLimits = {
	idleMs: LAB_IDLE_MS,
	lifetimeMs: 60_000,
	cooldownMs: 30_000,
	maxSessions: Math.max(1, Math.floor(MAX_LAB_SERVERS / 2))
};
let limits = { ...DEFAULT_LIMITS };

/** Changes the session's limits (tests); returns the function that puts the defaults back. */
export function setLabSessionLimits(changes: Partial<LabSessionLimits>): () => void {
	limits = { ...limits, ...changes };
	return () => (limits = { ...DEFAULT_LIMITS });
}

/** A learner whose lab was killed under a script waits before a new one starts (429). */
export class LabCooldownError extends LabBusyError {
	constructor(retryAfterSeconds: number) {
		super(retryAfterSeconds);
		this.message =
			'Your last lab batch was stopped with its lab server (a script that ran too long, or a ' +
			`lab that stopped answering); try again in ${retryAfterSeconds} s, when a new one may start.`;
	}
}

/** Every lab server versions may use on this instance is taken (429, like a lab demo's busy). */
export class ChannelLabsBusyError extends LabBusyError {
	constructor() {
		super();
		this.message =
			`All lab servers for versions are busy (${limits.maxSessions} at most run at once); ` +
			'try again in a few seconds.';
	}
}

export interface LabSession {
	lab: Lab;
	/** What the lab's traced client records; each batch takes its entries. */
	recorder: Recorder;
	/** How long the lab took to start, in ms. */
	startMs: number;
	/** Keeps the lab for another idle time. */
	touch(): void;
	/** Stops the lab; `kill` for a lab busy with a script, which nothing else stops. */
	stop(options?: { kill?: boolean }): Promise<void>;
}

interface Entry {
	session: Promise<LabSession>;
	/** When it began (Date.now()), for its lifetime. */
	began: number;
}

const sessions = new Map<string, Entry>();
/** Until when (Date.now()) a learner whose lab was killed must wait for a new one. */
const cooldowns = new Map<string, number>();

/**
 * The learner's lab session, started on first use, or after the last one's lifetime. Throws
 * LabCooldownError while the learner cools down, ChannelLabsBusyError at the channel's bound,
 * LabBusyError at the labs' own.
 */
export async function labSession(learnerId: string): Promise<LabSession> {
	const now = Date.now();
	let entry = sessions.get(learnerId);
	if (entry && now - entry.began >= limits.lifetimeMs) {
		await entry.session.then((s) => s.stop()).catch(() => {});
		entry = sessions.get(learnerId);
	}
	if (entry) return entry.session;
	const until = cooldowns.get(learnerId) ?? 0;
	if (until > now) throw new LabCooldownError(Math.ceil((until - now) / 1000));
	cooldowns.delete(learnerId);
	if (sessions.size >= limits.maxSessions) throw new ChannelLabsBusyError();
	const started: Entry = { session: open(learnerId), began: now };
	sessions.set(learnerId, started);
	started.session.catch(() => {
		if (sessions.get(learnerId) === started) sessions.delete(learnerId);
	});
	return started.session;
}

/** Stops the learner's lab, if one runs (a batch with `end: true`, the sandbox closing). */
export async function stopLabSession(learnerId: string): Promise<void> {
	const entry = sessions.get(learnerId);
	await entry?.session.then((s) => s.stop()).catch(() => {});
}

/** Whether the learner has a lab session on this instance (tests). */
export const hasLabSession = (learnerId: string) => sessions.has(learnerId);

async function open(learnerId: string): Promise<LabSession> {
	const recorder = newRecorder();
	const begun = performance.now();
	const { lab, stop: stopLab } = await startLab({}, recorder);
	const current = sessions.get(learnerId); // this session's entry, set when open() began
	let idle: ReturnType<typeof setTimeout> | undefined;
	let stopping: Promise<void> | undefined;
	const session: LabSession = {
		lab,
		recorder,
		startMs: 0,
		touch() {
			clearTimeout(idle);
			idle = setTimeout(() => void session.stop(), limits.idleMs);
			idle.unref();
		},
		stop({ kill = false } = {}) {
			clearTimeout(idle);
			if (sessions.get(learnerId) === current) sessions.delete(learnerId);
			if (kill) cooldowns.set(learnerId, Date.now() + limits.cooldownMs);
			stopping ??= (async () => {
				if (kill) await lab.stop({ crash: true }).catch(() => {});
				await stopLab();
			})();
			return stopping;
		}
	};
	try {
		await harden(lab);
	} catch (error) {
		await stopLab();
		throw error;
	}
	recorder.trace.length = 0; // the hardening is the course's, not the learner's
	session.startMs = performance.now() - begun;
	session.touch();
	return session;
}

/**
 * What the lab must not do for a learner's Lua, of the commands a script may call (COMMAND INFO
 * on 7.0.15: the rest of the dangerous ones are noscript, or the channel's policy refuses them):
 * MIGRATE would send a key to any server on the machine, the shared Redis included; RESTORE and
 * RESTORE-ASKING would make the server parse a payload the learner wrote (the lab also checks
 * one in full: sanitize-dump-payload, labs.ts). A reply past 8 MB is cut, as on the shared
 * server. A script's memory is bounded by the lab's address space (labs.ts).
 */
async function harden({ redis }: Lab) {
	await redis.acl('SETUSER', 'default', '-migrate', '-restore', '-restore-asking');
	await redis.config('SET', 'client-output-buffer-limit', 'normal 8mb 2mb 10');
}
