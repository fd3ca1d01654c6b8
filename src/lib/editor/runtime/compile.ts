import { transform } from 'sucrase';
import { importedPath } from './paths';

/**
 * The learner's version in the browser: each file of an editable source (paths as under
 * src/lib/server: `patterns/cache-aside.ts`, `db/queries.ts`) is type-stripped by sucrase into a
 * CommonJS function, and a small loader resolves the relative imports among them. sucrase keeps
 * every line where it was, so a line in an error is a line of the learner's text.
 *
 * The functions are made with `new Function`: this runs only in the editor's Web Worker, which
 * is served as a static file without a Content-Security-Policy header, so the worker's own
 * policy allows it. The page's policy (SvelteKit's `kit.csp`, no 'unsafe-eval') is untouched:
 * nothing on the page itself evaluates code.
 */

export type Exports = Record<string, unknown>;

/** A file that does not compile, or a module that failed while it loaded or ran. */
export class CompileError extends Error {
	constructor(
		message: string,
		readonly file: string,
		readonly line?: number
	) {
		super(message);
		this.name = 'CompileError';
	}
}

export interface LoaderOptions {
	/** Modules by bare name (`node:crypto`): their exports, or a function that throws to refuse them. */
	builtins: Record<string, () => Exports>;
	/**
	 * Course modules the editor provides instead of their source, by path (`redis/traced-client.ts`):
	 * a server-only module a course file imports, in the browser's terms.
	 */
	standIns?: Record<string, () => Exports>;
	/** Sees each course module once it has loaded; what it returns is what importers get. */
	onLoad?: (path: string, exports: Exports) => Exports;
	/** Sees each import of a course module by another (`importer`); what it returns is what that one gets. */
	onImport?: (path: string, exports: Exports, importer: string) => Exports;
}

export interface Modules {
	/** The module at `path` (a key of the files), loaded once with what it imports. */
	load(path: string): Exports;
}

type ModuleFunction = (
	require: (specifier: string) => unknown,
	exports: Exports,
	module: { exports: Exports }
) => void;

const PARAMETERS = ['require', 'exports', 'module'] as const;
const sourceUrl = (path: string) => `\n//# sourceURL=${path}`;

/** How many lines `new Function` puts before the body: measured, not assumed, in each engine. */
const HEADER_LINES = (() => {
	const probe = '__header_probe__.ts';
	try {
		new Function(...PARAMETERS, `throw new Error('probe');${sourceUrl(probe)}`)();
	} catch (error) {
		const line = linesIn(error, probe)[0];
		if (line !== undefined) return line - 1;
	}
	return 2;
})();

function linesIn(error: unknown, path: string): number[] {
	const stack = error instanceof Error ? (error.stack ?? '') : '';
	const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const frame = new RegExp(`(?:^|[\\s(@/])${escaped}:(\\d+):\\d+`, 'gm');
	return [...stack.matchAll(frame)].map((match) => Number(match[1]));
}

/**
 * The line of `file` where `error` was thrown or passed through (its topmost frame in that file),
 * if the engine's stack says so: 1-based, as in the editor.
 */
export function lineOf(error: unknown, file: string): number | undefined {
	if (error instanceof CompileError && error.file === file) return error.line;
	const line = linesIn(error, file)[0];
	return line === undefined ? undefined : line - HEADER_LINES;
}

/** TypeScript to a CommonJS function body; a syntax error names the file and its line. */
export function compile(path: string, code: string): ModuleFunction {
	let body: string;
	try {
		body = transform(code, { transforms: ['typescript', 'imports'], filePath: path }).code;
	} catch (error) {
		const { message, loc } = error as Error & { loc?: { line: number } };
		// sucrase says "Error transforming <path>: Unexpected token (3:19)": the reason, then the line.
		const reason = message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
		const where = loc ? `, line ${loc.line}` : '';
		throw new CompileError(`${path}${where}: ${reason}`, path, loc?.line);
	}
	try {
		return new Function(...PARAMETERS, body + sourceUrl(path)) as ModuleFunction;
	} catch (error) {
		// sucrase lets a few mistakes through that the engine refuses (a duplicate declaration).
		throw new CompileError(`${path}: ${(error as Error).message}`, path);
	}
}

/** `./x`, `../db/queries` from `patterns/a.ts` → the candidate paths among the files. */
function candidates(from: string, specifier: string): string[] {
	const path = importedPath(from, specifier);
	const bare = path.replace(/\.js$/, '');
	return [path, `${bare}.ts`, `${bare}/index.ts`];
}

/** A loader over the files: each compiled when first imported, then cached, cycles as in Node. */
export function createModules(files: Record<string, string>, options: LoaderOptions): Modules {
	const cache = new Map<string, { exports: Exports }>();
	const builtins = new Map<string, Exports>();
	const standIns = options.standIns ?? {};

	function resolve(from: string, specifier: string): string {
		const found = candidates(from, specifier).find((path) => path in files || path in standIns);
		if (found) return found;
		throw new Error(
			`${from}: cannot import '${specifier}': the editor knows only the course's own modules ` +
				`(${Object.keys(files).sort().join(', ')}) and ${Object.keys(options.builtins).join(', ')}.`
		);
	}

	function load(path: string): Exports {
		const cached = cache.get(path);
		if (cached) return cached.exports;
		const standIn = standIns[path];
		if (standIn && !(path in files)) {
			const exports = standIn();
			cache.set(path, { exports });
			return exports;
		}
		const code = files[path];
		if (code === undefined) throw new Error(`There is no module ${path} in this source.`);
		const run = compile(path, code);
		const module = { exports: {} as Exports };
		cache.set(path, module);
		const require = (specifier: string): unknown => {
			if (!specifier.startsWith('.')) {
				const builtin = options.builtins[specifier];
				if (!builtin) throw new Error(`${path}: cannot import '${specifier}' in the editor.`);
				if (!builtins.has(specifier)) builtins.set(specifier, builtin());
				return builtins.get(specifier);
			}
			const target = resolve(path, specifier);
			const exports = load(target);
			return options.onImport ? options.onImport(target, exports, path) : exports;
		};
		try {
			run(require, module.exports, module);
		} catch (error) {
			cache.delete(path);
			throw error;
		}
		if (options.onLoad) module.exports = options.onLoad(path, module.exports);
		return module.exports;
	}

	return { load };
}
