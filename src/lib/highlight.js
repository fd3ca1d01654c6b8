/**
 * The one shiki set-up of the course: lesson code fences (svelte.config.js, at build time) and
 * the pattern files shown under the demos (content/pattern-source.ts) are highlighted alike.
 * Plain JavaScript with JSDoc types, because svelte.config.js runs in node before any build.
 */
import { createHighlighter } from 'shiki';

/** Light and dark, chosen by the page's colour scheme through CSS light-dark(). */
export const THEMES = { light: 'github-light', dark: 'github-dark' };
export const LANGS = ['typescript', 'javascript', 'sql', 'shell', 'json', 'text'];

/**
 * Token colours that would miss WCAG AA (4.5:1) on the code block or on the tint that marks the
 * lines a demo ran, with shades of the same hue that pass on both (tests/unit/code-contrast).
 * github-light: its orange is 3.5:1 on white; its red, green and grey pass on white only.
 * github-dark: its grey comments are 3:1 on the dark block.
 */
const READABLE_COLORS = {
	'github-light': {
		'#e36209': '#b04a00',
		'#d73a49': '#cf222e',
		'#22863a': '#1a7f37',
		'#6a737d': '#5a626b'
	},
	'github-dark': {
		'#6a737d': '#8b949e'
	}
};

/** The class of the lines a demo ran, styled by the demo widget. */
export const RAN_CLASS = 'ran';

/** @type {Promise<import('shiki').Highlighter> | undefined} */
let highlighter;

/** The highlighter, created once, on first use. */
export function getHighlighter() {
	highlighter ??= createHighlighter({ themes: Object.values(THEMES), langs: LANGS });
	return highlighter;
}

/**
 * Highlights `code` as HTML; a language shiki was not given is shown as plain text. Lines in any
 * of `marked` (1-based, inclusive) get the class RAN_CLASS.
 * @param {import('shiki').Highlighter} shiki
 * @param {string} code
 * @param {string | undefined} lang
 * @param {{ from: number, to: number }[]} [marked]
 * @returns {string}
 */
export function toHtml(shiki, code, lang, marked = []) {
	const language = lang && shiki.getLoadedLanguages().includes(lang) ? lang : 'text';
	return shiki.codeToHtml(code, {
		lang: language,
		themes: THEMES,
		defaultColor: 'light-dark()',
		colorReplacements: READABLE_COLORS,
		transformers: [
			{
				line(node, line) {
					if (marked.some(({ from, to }) => line >= from && line <= to)) {
						this.addClassToHast(node, RAN_CLASS);
					}
				}
			}
		]
	});
}
