import { getContext, setContext } from 'svelte';
import type { ActivityEntry } from './types';

/** The lesson's activity log, shared by its demos (newest first). */
export interface ActivityLog {
	readonly entries: ActivityEntry[];
	add(entry: ActivityEntry): void;
}

const KEY = Symbol('activity');
export const provideActivity = (log: ActivityLog) => setContext(KEY, log);
export const useActivity = () => getContext<ActivityLog | undefined>(KEY);
