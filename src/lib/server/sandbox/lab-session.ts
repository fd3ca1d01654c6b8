import { spawnSync } from 'node:child_process';
import type { Lab } from '../pattern-support';
import { startLab } from '../redis/labs';
import { newRecorder, type Recorder } from '../redis/traced-client';

/**
 * A learner's own lab server for the command channel (`/api/run` with `lab: true`): where their
 * version's own Lua runs, never on the shared Redis. Started on the first lab batch (it counts
 * against the labs' bound: at the bound, startLab throws LabBusyError), stopped by a batch with
 * `end: true`, after LAB_IDLE_MS without a batch, when a script runs past SCRIPT_LIMIT_MS, and
 * when the learner's sandbox closes. One per learner on this instance.
 */
export const LAB_IDLE_MS = 10_000;
/**
 * How long a lab batch may run. A busy script makes a lab answer BUSY after its
 * busy-reply-threshold (200 ms), and then nothing but SHUTDOWN NOSAVE or a kill stops it: not
 * even SIGTERM (measured on 7.0.15), so the lab is killed.
 */
export const SCRIPT_LIMIT_MS = 1000;
/** Lua's memory is not bounded by maxmemory: the lab's whole address space is, where prlimit runs. */
const LAB_ADDRESS_SPACE_BYTES = 512 * 1024 * 1024;

export interface LabSession {
	lab: Lab;
	/** What the lab's traced client records; each batch takes its entries. */
	recorder: Recorder;
	/** How long the lab took to start, in ms. */
	startMs: number;
	/** Keeps the lab for another LAB_IDLE_MS. */
	touch(): void;
	/** Stops the lab; `kill` for a lab busy with a script, which nothing else stops. */
	stop(options?: { kill?: boolean }): Promise<void>;
}

const sessions = new Map<string, Promise<LabSession>>();

/** The learner's lab session, started on first use. */
export function labSession(learnerId: string): Promise<LabSession> {
	let session = sessions.get(learnerId);
	if (!session) {
		session = open(learnerId);
		sessions.set(learnerId, session);
		const started = session;
		session.catch(() => {
			if (sessions.get(learnerId) === started) sessions.delete(learnerId);
		});
	}
	return session;
}

/** Stops the learner's lab, if one runs (a batch with `end: true`, the sandbox closing). */
export async function stopLabSession(learnerId: string): Promise<void> {
	const session = sessions.get(learnerId);
	await session?.then((s) => s.stop()).catch(() => {});
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
			idle = setTimeout(() => void session.stop(), LAB_IDLE_MS);
			idle.unref();
		},
		stop({ kill = false } = {}) {
			clearTimeout(idle);
			if (sessions.get(learnerId) === current) sessions.delete(learnerId);
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
 * What the lab must not do for a learner's Lua: MIGRATE (allowed inside scripts) would send a key
 * to any server on the machine, the shared Redis included; a reply past 8 MB is cut, as on the
 * shared server; and a script's memory is bounded by the process's address space.
 */
async function harden({ redis }: Lab) {
	await redis.acl('SETUSER', 'default', '-migrate');
	await redis.config('SET', 'client-output-buffer-limit', 'normal 8mb 2mb 10');
	const pid = /process_id:(\d+)/.exec(await redis.info('server'))?.[1];
	// Best effort: without util-linux's prlimit, the 1 s limit still stops a script.
	if (pid) spawnSync('prlimit', ['--pid', pid, `--as=${LAB_ADDRESS_SPACE_BYTES}`]);
}
