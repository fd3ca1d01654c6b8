/**
 * A learner's edited versions of the course's code, kept in this browser (localStorage) per lesson
 * and per demo or exercise, so that they are there again when the page opens another day. Storage
 * can be missing or full (a private window, a quota): then an edit lives as long as the page.
 */

/** Where an edit belongs: the lesson's id (`chapter/lesson`) and the demo's or exercise's id. */
export interface EditPlace {
	lesson: string;
	id: string;
}

const PREFIX = 'redis-course:edit:';
const keyOf = ({ lesson, id }: EditPlace) => `${PREFIX}${lesson}#${id}`;

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null; // a browser that refuses storage to this page throws on access
	}
}

/** The learner's kept version, or null when they have none. */
export function loadEdit(place: EditPlace): string | null {
	try {
		return storage()?.getItem(keyOf(place)) ?? null;
	} catch {
		return null;
	}
}

/** Keeps `text`; a text equal to the course's `original` is no edit, and removes the kept one. */
export function saveEdit(place: EditPlace, text: string, original: string): void {
	try {
		if (text === original) storage()?.removeItem(keyOf(place));
		else storage()?.setItem(keyOf(place), text);
	} catch {
		// Full or refused: the edit stays in the open editor only.
	}
}

/** Forgets the learner's version (Reset to the original). */
export function clearEdit(place: EditPlace): void {
	try {
		storage()?.removeItem(keyOf(place));
	} catch {
		// Nothing kept to clear.
	}
}
