/**
 * Paths of the course's modules as the editor names them (under src/lib/server, `patterns/a.ts`)
 * and the relative specifiers between them: one rule for the loader, for the server that gathers
 * the files, and for a module shown from another folder than its own.
 */

/** `../db/queries` imported by `patterns/a.ts` → `db/queries`: the path it names, as written. */
export function importedPath(from: string, specifier: string): string {
	const parts = from.split('/').slice(0, -1);
	for (const part of specifier.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.' && part !== '') parts.push(part);
	}
	return parts.join('/');
}

/** `db/queries` as `exercises/broken/x.ts` imports it: `../../db/queries`. */
export function specifierFrom(from: string, path: string): string {
	const here = from.split('/').slice(0, -1);
	const there = path.split('/');
	let shared = 0;
	while (shared < here.length && shared < there.length - 1 && here[shared] === there[shared])
		shared++;
	const up = here.length - shared;
	const rest = there.slice(shared).join('/');
	return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/**
 * A module's text as it would read at `to` instead of `from`: each relative import (and
 * re-export) names the same module from there. Nothing else changes.
 */
export function relocated(code: string, from: string, to: string): string {
	return code.replace(
		/(\bfrom\s*')(\.{1,2}\/[^']*)(')/g,
		(_, head: string, specifier: string, tail: string) =>
			head + specifierFrom(to, importedPath(from, specifier)) + tail
	);
}
