import { getContext, setContext } from 'svelte';
import type { ActivityEntry } from './types';

/** The lesson's activity log as the server keeps it, shared by its demos (newest first). */
export interface ActivityLog {
	readonly entries: ActivityEntry[];
	/** Shows the log a demo run handed back. */
	show(entries: ActivityEntry[]): void;
}

/** How many entries a lesson's log keeps, newest first. */
export const ACTIVITY_PER_LESSON = 30;

/**
 * An entry's name in the log (its time and demo): a demo form sends the name of the newest entry
 * its page shows (field `activity-top`), and when it is still the newest before this run, the
 * run hands back its own entry only, which the page adds on top (`withEntry`).
 */
export const activityTag = (entry: ActivityEntry) => `${entry.at}:${entry.demo}`;

/** The log with a run's entry added on top, as the server keeps it. */
export const withEntry = (entries: readonly ActivityEntry[], entry: ActivityEntry) =>
	[entry, ...entries].slice(0, ACTIVITY_PER_LESSON);

const KEY = Symbol('activity');
export const provideActivity = (log: ActivityLog) => setContext(KEY, log);
export const useActivity = () => getContext<ActivityLog | undefined>(KEY);
