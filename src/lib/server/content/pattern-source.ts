import { createHighlighter, type Highlighter } from 'shiki';

/** The pattern modules' own source, read from the real files and highlighted once. */
const sources = import.meta.glob('/src/lib/server/patterns/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

// github-light's orange (#e36209) is 3.5:1 on white; this darker one passes WCAG AA (4.5:1).
const READABLE_COLORS = { '#e36209': '#b04a00' };

let highlighter: Promise<Highlighter> | undefined;
const cache = new Map<string, { file: string; html: string }>();

export async function patternSource(name: string): Promise<{ file: string; html: string }> {
	const cached = cache.get(name);
	if (cached) return cached;
	const path = `/src/lib/server/patterns/${name}.ts`;
	const code = sources[path];
	if (code === undefined) throw new Error(`No pattern module ${path}`);
	highlighter ??= createHighlighter({ themes: ['github-light'], langs: ['typescript'] });
	const html = (await highlighter).codeToHtml(code, {
		lang: 'typescript',
		theme: 'github-light',
		colorReplacements: READABLE_COLORS
	});
	const source = { file: path.slice(1), html };
	cache.set(name, source);
	return source;
}
