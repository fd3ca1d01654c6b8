import { scanCommand } from '../redis/key-index';
import { Namespace } from '../redis/namespace';
import { definedScripts, type LuaScript } from './lua';

// Every pattern module, loaded now: a script is known once its module has defined it.
import.meta.glob('../patterns/*.ts', { eager: true });

/**
 * The key index's SCAN step is the course's machinery, not a pattern: it takes the key prefix
 * as an argument, so a learner who could run it would test other learners' key names.
 */
const KEY_INDEX_SCAN = scanCommand(new Namespace('-'), {
	cursor: '0',
	match: '*',
	count: 1,
	type: null
})[1];

/**
 * The course's own Lua scripts, by SHA1: the only Lua the shared Redis runs for a learner's
 * version (any other runs on a private lab server). Every one of them takes its keys as KEYS.
 */
export function courseScript(sha: string): LuaScript | undefined {
	const lower = sha.toLowerCase(); // Redis takes a SHA1 in either case
	if (!SHA1.test(lower) || lower === KEY_INDEX_SCAN) return undefined;
	return definedScripts().get(lower);
}

const SHA1 = /^[0-9a-f]{40}$/;

/** The SHA1 of every course script, for the editor to tell a learner's own Lua from the course's. */
export const courseScriptShas = (): string[] =>
	[...definedScripts().keys()].filter((sha) => courseScript(sha)).sort();
