import { getContext, setContext } from 'svelte';
import type { ActivityEntry } from './types';

/** The lesson's activity log as the server keeps it, shared by its demos (newest first). */
export interface ActivityLog {
	readonly entries: ActivityEntry[];
	/** Shows the log a demo run handed back. */
	show(entries: ActivityEntry[]): void;
}

const KEY = Symbol('activity');
export const provideActivity = (log: ActivityLog) => setContext(KEY, log);
export const useActivity = () => getContext<ActivityLog | undefined>(KEY);
