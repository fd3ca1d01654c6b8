import { RAN_CLASS, getHighlighter, toHtml } from '$lib/highlight.js';
import type { DemoSource } from '$lib/types';

/** The pattern modules' own source, read from the real files: name → text. */
const sources = import.meta.glob('/src/lib/server/patterns/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

const pathOf = (pattern: string) => `/src/lib/server/patterns/${pattern}.ts`;

export const hasPattern = (pattern: string) => pathOf(pattern) in sources;

/** The lines a demo ran, 1-based and inclusive, and the function they belong to. */
export type RanLines = DemoSource['runs'];

/**
 * Where `export function NAME`, `export async function NAME` or `export const NAME =` starts and
 * ends in `code`: from its first line to the line where its brackets are all closed again and
 * the statement ends (a closing brace or a semicolon at the end of a line). Strings, template
 * literals and comments are skipped, so braces inside them do not count. Null if there is none.
 */
export function functionLines(code: string, name: string): RanLines | null {
	const lines = code.split('\n');
	const start = new RegExp(`^export (?:async function|function|const) ${name}\\b`);
	const first = lines.findIndex((line) => start.test(line));
	if (first < 0) return null;

	let depth = 0;
	/** What we are inside of: a quote, a comment, a template literal, or a `${` (with the depth it opened at). */
	const stack: string[] = [];
	for (let n = first; n < lines.length; n++) {
		const line = lines[n]!;
		for (let i = 0; i < line.length; i++) {
			const c = line[i]!;
			const inside = stack.at(-1);
			if (inside === "'" || inside === '"') {
				if (c === '\\') i++;
				else if (c === inside) stack.pop();
			} else if (inside === '`') {
				if (c === '\\') i++;
				else if (c === '`') stack.pop();
				else if (c === '$' && line[i + 1] === '{') {
					stack.push(`\${${depth}`);
					i++;
				}
			} else if (inside === '/*') {
				if (c === '*' && line[i + 1] === '/') {
					stack.pop();
					i++;
				}
			} else if (c === '/' && line[i + 1] === '/') {
				break;
			} else if (c === '/' && line[i + 1] === '*') {
				stack.push('/*');
				i++;
			} else if (c === "'" || c === '"' || c === '`') {
				stack.push(c);
			} else if (c === '{' || c === '(' || c === '[') {
				depth++;
			} else if (c === '}' && inside === `\${${depth}`) {
				stack.pop(); // the end of a template literal's `${ ... }`
			} else if (c === '}' || c === ')' || c === ']') {
				depth--;
			}
		}
		const end = line.trimEnd();
		if (depth === 0 && stack.length === 0 && (end.endsWith('}') || end.endsWith(';'))) {
			return { name, from: first + 1, to: n + 1 };
		}
	}
	return null;
}

/** The lines of `runs` in the pattern file; throws, naming the demo, when it has no such export. */
export function ranLines(demo: { id: string; pattern: string; runs: string }): RanLines {
	const code = sources[pathOf(demo.pattern)];
	if (code === undefined) {
		throw new Error(`demo ${demo.id}: there is no pattern module ${pathOf(demo.pattern)}`);
	}
	const lines = functionLines(code, demo.runs);
	if (!lines) {
		throw new Error(
			`demo ${demo.id}: ${pathOf(demo.pattern).slice(1)} has no exported function "${demo.runs}"`
		);
	}
	return lines;
}

/**
 * shiki gives every token `color:light-dark(A, B);--shiki-light:A;--shiki-dark:B`: the two
 * variables are for stylesheets that pick a theme by class, which the course does not have
 * (light-dark() picks by color-scheme). Dropped, they halve the page's code and its data.
 */
const THEME_VARIABLES = /;--shiki-(?:light|dark)(?:-bg)?:#[0-9a-fA-F]{3,8}/g;

/**
 * A token span whose colour is the block's own (shiki gives `<pre>` the theme's foreground) adds
 * nothing: its text inherits the same colour. About a third of a pattern file's tokens.
 */
function withoutDefaultColour(html: string): string {
	const colour = /^<pre [^>]*style="[^"]*;color:(light-dark\(#[0-9a-f]+, #[0-9a-f]+\))"/i.exec(html)?.[1];
	if (!colour) return html;
	const escaped = colour.replace(/[()]/g, '\\$&');
	return html.replace(new RegExp(`<span style="color:${escaped}">([^<]*)</span>`, 'gi'), '$1');
}

/** The highlighted file without what the page does not need. */
const slim = (html: string) => withoutDefaultColour(html.replace(THEME_VARIABLES, ''));

/**
 * Each pattern file highlighted once, with no lines marked, shared by every lesson and by
 * requests that arrive while it is being made (a first view of the course by 200 learners at
 * once highlights each file once, not 200 times).
 */
const highlighted = new Map<string, Promise<string>>();

function highlightedFile(pattern: string): Promise<string> {
	let html = highlighted.get(pattern);
	if (!html) {
		const code = sources[pathOf(pattern)];
		if (code === undefined) return Promise.reject(new Error(`No pattern module ${pathOf(pattern)}`));
		html = getHighlighter().then((shiki) =>
			slim(toHtml(shiki, code, 'typescript'))
		);
		highlighted.set(pattern, html);
		html.catch(() => highlighted.delete(pattern)); // a failure is retried on the next view
	}
	return html;
}

const LINE = '<span class="line">';

/**
 * The lines in `marked` (1-based, inclusive) given the class RAN_CLASS, as toHtml's `marked`
 * does: shiki writes one `<span class="line">` per line of the file, lines joined by a newline.
 */
export function markLines(html: string, marked: RanLines[]): string {
	if (marked.length === 0) return html;
	return html
		.split('\n')
		.map((line, i) =>
			marked.some(({ from, to }) => i + 1 >= from && i + 1 <= to)
				? line.replace(LINE, `<span class="line ${RAN_CLASS}">`)
				: line
		)
		.join('\n');
}

/**
 * The pattern file as the lesson shows it: highlighted by shiki, with the lines of each function
 * in `marked` (the ones the page's demos run) carrying the class `ran`.
 */
export async function patternSource(
	pattern: string,
	marked: RanLines[] = []
): Promise<{ file: string; html: string }> {
	const html = markLines(await highlightedFile(pattern), marked);
	return { file: pathOf(pattern).slice(1), html };
}

/**
 * Highlights every pattern file a demo runs, one at a time, giving way to requests between files:
 * started once the course's modules load, so a lesson's first view rarely waits for shiki.
 */
export async function warmPatternSources(patterns: Iterable<string>): Promise<void> {
	for (const pattern of new Set(patterns)) {
		await new Promise((resolve) => setImmediate(resolve));
		await highlightedFile(pattern).catch(() => {});
	}
}

/**
 * "The code that ran" for each demo of a lesson page: its pattern file, highlighted, with the
 * lines of every function the page's demos run from it marked. Each file is shown once, under
 * its first demo; later demos of the same file point back to it, with their own function's lines.
 */
export async function lessonSources(
	demos: { id: string; title: string; pattern: string; runs: string }[]
): Promise<Record<string, DemoSource>> {
	const shown: Record<string, DemoSource> = {};
	const firstOf = new Map<string, { id: string; title: string }>();
	for (const demo of demos) {
		const runs = ranLines(demo);
		const first = firstOf.get(demo.pattern);
		if (first) {
			shown[demo.id] = { file: pathOf(demo.pattern).slice(1), runs, shownUnder: first };
			continue;
		}
		firstOf.set(demo.pattern, { id: demo.id, title: demo.title });
		const marked = demos.filter((d) => d.pattern === demo.pattern).map(ranLines);
		shown[demo.id] = { ...(await patternSource(demo.pattern, marked)), runs };
	}
	return shown;
}
