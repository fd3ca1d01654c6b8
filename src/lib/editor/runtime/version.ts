import type { EditableSource } from '../protocol';
import { BUILTINS } from './builtins';
import { createModules, type Exports } from './compile';

/** Where the course's defineScript lives: the loader watches it to learn the version's Lua. */
const PATTERN_SUPPORT = 'pattern-support/index.ts';

/** The learner's version, loaded: its entry module and the course's modules around it. */
export interface Version {
	entry: Exports;
	/** Another module of the source, importing the learner's entry wherever it imports it. */
	load(path: string): Exports;
	/** The SHA1 of each Lua script the version defined that is not one of the course's. */
	ownScripts(): string[];
}

/**
 * Compiles and loads `edited` as `source.entry`, with the course's other files as they are.
 * Throws what the entry throws: a CompileError (with its line) or the error its top level raised.
 */
export function loadVersion(source: EditableSource, edited: string): Version {
	const defined = new Set<string>();
	const modules = createModules(
		{ ...source.files, [source.entry]: edited },
		{
			builtins: BUILTINS,
			onLoad(path, exports) {
				const define = exports.defineScript;
				if (path !== PATTERN_SUPPORT || typeof define !== 'function') return exports;
				return {
					...exports,
					__esModule: true,
					defineScript(script: string) {
						const made = define(script) as { sha: string };
						defined.add(made.sha);
						return made;
					}
				};
			}
		}
	);
	const entry = modules.load(source.entry);
	return {
		entry,
		load: modules.load,
		ownScripts: () => [...defined].filter((sha) => !source.scripts.includes(sha))
	};
}
