import type { Cookies } from '@sveltejs/kit';
import { SLOW_DB_CHOICES_MS, type SlowDbMs } from './db/traced-db';

/** Settings a learner keeps in cookies: the slow-database latency and lessons marked done. */
const SLOW_DB_COOKIE = 'slow-db';
const PROGRESS_COOKIE = 'progress';
const YEAR = 60 * 60 * 24 * 365;

export const DEFAULT_SLOW_DB_MS: SlowDbMs = parseSlowDb(process.env.SLOW_DB_MS) ?? 50;

export function parseSlowDb(value: unknown): SlowDbMs | null {
	const ms = Number(value);
	return value != null && value !== '' && SLOW_DB_CHOICES_MS.includes(ms as SlowDbMs)
		? (ms as SlowDbMs)
		: null;
}

export const slowDbOf = (cookies: Cookies): SlowDbMs =>
	parseSlowDb(cookies.get(SLOW_DB_COOKIE)) ?? DEFAULT_SLOW_DB_MS;

export function setSlowDb(cookies: Cookies, ms: SlowDbMs) {
	cookies.set(SLOW_DB_COOKIE, String(ms), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: YEAR
	});
}

export function progressOf(cookies: Cookies): string[] {
	const raw = cookies.get(PROGRESS_COOKIE) ?? '';
	return raw.split(',').filter((id) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(id));
}

export function setDone(cookies: Cookies, lessonId: string, done: boolean) {
	const ids = new Set(progressOf(cookies));
	if (done) ids.add(lessonId);
	else ids.delete(lessonId);
	cookies.set(PROGRESS_COOKIE, [...ids].join(','), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: YEAR
	});
}

const keep = (cookies: Cookies, name: string, value: string) =>
	cookies.set(name, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: YEAR });

/** Best quiz scores, `quiz:best:total` by quiz, kept like lessons done: in a cookie, for a year. */
const QUIZ_COOKIE = 'quizzes';

export function quizScoresOf(cookies: Cookies): Record<string, { best: number; total: number }> {
	const scores: Record<string, { best: number; total: number }> = {};
	for (const item of (cookies.get(QUIZ_COOKIE) ?? '').split(',')) {
		const match = /^([a-z0-9-]+):(\d{1,2}):(\d{1,2})$/.exec(item);
		if (match) scores[match[1]!] = { best: Number(match[2]), total: Number(match[3]) };
	}
	return scores;
}

/** Keeps a quiz's score if it beats the best so far; returns the best. */
export function keepQuizScore(cookies: Cookies, quiz: string, score: number, total: number) {
	const scores = quizScoresOf(cookies);
	const before = scores[quiz];
	const best = before && before.total === total ? Math.max(before.best, score) : score;
	scores[quiz] = { best, total };
	const value = Object.entries(scores).map(([id, s]) => `${id}:${s.best}:${s.total}`);
	keep(cookies, QUIZ_COOKIE, value.join(','));
	return best;
}

/** Ids of the exercises the learner passed. */
const EXERCISE_COOKIE = 'exercises';

export const exercisesPassedOf = (cookies: Cookies): string[] =>
	(cookies.get(EXERCISE_COOKIE) ?? '').split(',').filter((id) => /^[a-z0-9-]+$/.test(id));

export function keepExercisePassed(cookies: Cookies, exercise: string) {
	const passed = new Set(exercisesPassedOf(cookies)).add(exercise);
	keep(cookies, EXERCISE_COOKIE, [...passed].join(','));
}

/** The colour scheme the learner chose; `system` follows prefers-color-scheme. */
const THEME_COOKIE = 'theme';
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const parseTheme = (value: unknown): Theme | null =>
	THEMES.includes(value as Theme) ? (value as Theme) : null;

export const themeOf = (cookies: Cookies): Theme =>
	parseTheme(cookies.get(THEME_COOKIE)) ?? 'system';

export function setTheme(cookies: Cookies, theme: Theme) {
	cookies.set(THEME_COOKIE, theme, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: YEAR });
}

/**
 * What the last reset did (or that it is waiting to be confirmed, for a page without
 * JavaScript), shown once on the page it returns to: a cookie that the next page load clears.
 */
const RESET_COOKIE = 'reset-notice';
export type ResetNotice = { asking: true } | { asking: false; removedKeys: number };

export function setResetNotice(cookies: Cookies, notice: ResetNotice) {
	const value = notice.asking ? 'ask' : `done:${notice.removedKeys}`;
	cookies.set(RESET_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
}

export function takeResetNotice(cookies: Cookies): ResetNotice | null {
	const value = cookies.get(RESET_COOKIE);
	if (!value) return null;
	cookies.delete(RESET_COOKIE, { path: '/' });
	if (value === 'ask') return { asking: true };
	const removed = /^done:(\d+)$/.exec(value);
	return removed ? { asking: false, removedKeys: Number(removed[1]) } : null;
}
