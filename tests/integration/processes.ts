import { readFileSync } from 'node:fs';

/**
 * Whether a process of this id is alive: signal 0 checks without sending anything, and a zombie
 * (exited, not yet reaped by the parent it was handed to when its own exited) answers it too.
 */
export const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
	} catch {
		return false;
	}
};
