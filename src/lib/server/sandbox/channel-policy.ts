import { createHash } from 'node:crypto';
import { courseScript } from '../pattern-support/course-scripts';
import type { LuaScript } from '../pattern-support/lua';
import { blocks } from '../redis/namespace';
import {
	checkCommand,
	SCRIPTING_COMMANDS,
	sizeRefusal,
	SUBSCRIBE_COMMANDS,
	TRANSACTION_COMMANDS
} from './console-policy';

/**
 * What the command channel (`/api/run`) does with each command of a learner's batch: the
 * console's policy (console-policy.ts: the allowlist, its reasons, its limits), plus what a
 * batch cannot do because the learner's version has no connection of its own, and the Lua rule:
 * the shared Redis runs the course's own scripts only; a learner's own Lua runs on their lab.
 */
export type Plan =
	| { kind: 'refused'; reason: string }
	/** Send `argv` (counts clamped); `script` is the course script it runs, loaded first. */
	| { kind: 'send'; name: string; argv: string[]; script?: LuaScript }
	/** KEYS, answered from the learner's key index (the shared server only). */
	| { kind: 'keys'; pattern: string };

export interface Where {
	/** The learner's private lab server rather than the shared Redis. */
	lab: boolean;
	/** The batch runs as one MULTI ... EXEC. */
	atomic: boolean;
}

const NOT_AVAILABLE = 'not available in the sandbox:';
const NO_CONNECTION = 'and your version has no connection of its own';

const REASONS: Record<string, string> = {
	...Object.fromEntries(
		TRANSACTION_COMMANDS.map((word) => [
			word,
			`${word.toUpperCase()} is sent for you: send the batch with "atomic": true`
		])
	),
	watch: `WATCH needs a connection of its own, ${NO_CONNECTION}; send the batch with "atomic": true`,
	unwatch: `UNWATCH needs a connection of its own, ${NO_CONNECTION}`,
	...Object.fromEntries(
		SUBSCRIBE_COMMANDS.map((word) => [
			word,
			`${word.toUpperCase()} keeps a connection listening, ${NO_CONNECTION}`
		])
	)
};

const SCRIPTING = new Set(SCRIPTING_COMMANDS);
/** What a lab server runs of the scripting commands: a learner's own Lua, loaded or sent whole. */
const LAB_SCRIPTING = new Set(['eval', 'eval_ro', 'evalsha', 'evalsha_ro', 'script|load']);
LAB_SCRIPTING.add('script|exists');

export const OWN_LUA =
	'your own Lua runs on a private lab server only: send the batch with "lab": true ' +
	'(the shared Redis runs the course’s scripts only)';

const refused = (reason: string): Plan => ({ kind: 'refused', reason });
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** The plan for one command of a batch. */
export function planCommand(argv: readonly string[], { lab, atomic }: Where): Plan {
	const word = argv[0]!.toLowerCase();
	const reason = REASONS[word];
	if (reason) return refused(`${NOT_AVAILABLE} ${reason}`);
	if (SCRIPTING.has(word)) return lab ? labScripting(argv) : sharedScripting(argv);
	if (word === 'keys' && !lab) {
		if (atomic) return refused(`${NOT_AVAILABLE} KEYS inside MULTI`);
		if (argv.length !== 2) return refused("ERR wrong number of arguments for 'keys' command");
		return { kind: 'keys', pattern: argv[1]! };
	}
	const verdict = checkCommand(argv);
	if (!verdict.ok) return refused(verdict.reply);
	const { name } = verdict;
	if (blocks(name, verdict.argv)) {
		return refused(
			`${NOT_AVAILABLE} ${name.toUpperCase()} blocks its connection, ${NO_CONNECTION}; use its non-blocking form`
		);
	}
	if (name === 'scan' && atomic && !lab) {
		return refused(`${NOT_AVAILABLE} SCAN inside an atomic batch: send it in a batch of its own`);
	}
	return { kind: 'send', name, argv: verdict.argv };
}

/** The shared Redis: a course script by its SHA1 (EVALSHA) or its source (EVAL, SCRIPT LOAD). */
function sharedScripting(argv: readonly string[]): Plan {
	const word = argv[0]!.toLowerCase();
	const sub = argv[1]?.toLowerCase();
	const script =
		word === 'evalsha'
			? courseScript(argv[1] ?? '')
			: word === 'eval' || (word === 'script' && sub === 'load')
				? courseScript(sha1(argv[word === 'eval' ? 1 : 2] ?? ''))
				: undefined;
	if (!script) return refused(OWN_LUA);
	const tooBig = sizeRefusal(argv);
	if (tooBig) return refused(tooBig);
	if (word === 'script') {
		if (argv.length !== 3)
			return refused("ERR wrong number of arguments for 'script|load' command");
		return { kind: 'send', name: 'script|load', argv: [...argv] };
	}
	if (argv.length < 3) return refused(`ERR wrong number of arguments for '${word}' command`);
	// EVAL of the course's source runs as EVALSHA: the traced client sends no EVAL.
	return { kind: 'send', name: 'evalsha', argv: ['evalsha', script.sha, ...argv.slice(2)], script };
}

/** A lab server: the learner's own Lua too, with the console's argument limits. */
function labScripting(argv: readonly string[]): Plan {
	const word = argv[0]!.toLowerCase();
	const sub = /^[a-z-]{1,32}$/i.test(argv[1] ?? '') ? argv[1]!.toLowerCase() : '';
	const name = word === 'script' || word === 'function' ? `${word}|${sub}` : word;
	if (!LAB_SCRIPTING.has(name)) {
		const label = name.replace('|', ' ').trim().toUpperCase();
		return refused(
			`${NOT_AVAILABLE} ${label} is not one of the scripting commands a lab server runs ` +
				'(EVAL, EVALSHA, SCRIPT LOAD, SCRIPT EXISTS)'
		);
	}
	const tooBig = sizeRefusal(argv);
	if (tooBig) return refused(tooBig);
	const script = word === 'evalsha' ? courseScript(argv[1] ?? '') : undefined;
	return { kind: 'send', name, argv: [...argv], ...(script && { script }) };
}
