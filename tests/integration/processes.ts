/** Whether a process of this id is alive (signal 0 checks without sending anything). */
export const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
