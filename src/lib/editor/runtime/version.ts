import type { EditableSource } from '../protocol';
import { BUILTINS, STAND_INS } from './builtins';
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

/** Names a module's loader and interop read that a module need not export. */
const INTEROP = new Set(['__esModule', 'default']);

/**
 * The learner's entry as a course module that imports it sees it: a name it no longer exports
 * is said plainly when that module uses it, not as "x is not a function".
 */
function sayingWhatIsMissing(exports: Exports, path: string, importer: string): Exports {
	return new Proxy(exports, {
		get(target, name, receiver) {
			if (typeof name === 'string' && !(name in target) && !INTEROP.has(name))
				throw new Error(`${path} no longer exports ${name}: ${importer} uses it.`);
			return Reflect.get(target, name, receiver) as unknown;
		}
	});
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
			standIns: STAND_INS,
			onImport: (path, exports, importer) =>
				path === source.entry ? sayingWhatIsMissing(exports, path, importer) : exports,
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
