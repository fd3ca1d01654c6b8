import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getHighlighter, toHtml } from '../../src/lib/highlight.js';

/**
 * Highlighted code is checked here, exhaustively, rather than by axe on every page (where its
 * thousands of token spans made each page's check take seconds): every colour shiki gives a
 * token in any pattern file or lesson code fence must reach WCAG AA (4.5:1) on the code block's
 * background and on the tint that marks the lines a demo ran (src/app.css: --bg, --ran-bg), in
 * the light scheme and in the dark one.
 */
const BACKGROUNDS = {
	light: { 'the code block': '#ffffff', 'the ran-lines tint': '#fff8d6' },
	dark: { 'the code block': '#0d1117', 'the ran-lines tint': '#2e2a14' }
};

const luminance = (hex: string) => {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi! + 0.05) / (lo! + 0.05);
};

const patterns = import.meta.glob<string>('/src/lib/server/patterns/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
});

function lessonFences(): { lang: string; code: string }[] {
	const fences: { lang: string; code: string }[] = [];
	for (const chapter of readdirSync('content')) {
		for (const file of readdirSync(join('content', chapter))) {
			const text = readFileSync(join('content', chapter, file), 'utf8');
			for (const [, lang, code] of text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
				if (lang !== 'redis') fences.push({ lang: lang!, code: code! });
			}
		}
	}
	return fences;
}

describe('highlighted code', async () => {
	const shiki = await getHighlighter();
	const blocks = [
		...Object.values(patterns).map((code) =>
			toHtml(shiki, code, 'typescript', [{ from: 1, to: 5 }])
		),
		...lessonFences().map(({ lang, code }) => toHtml(shiki, code, lang))
	];
	// Each token is `color:light-dark(<light>, <dark>)`: the page's scheme picks one.
	const tokens = blocks.flatMap((html) => [
		...html.matchAll(/color:light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)/gi)
	]);
	const colours = {
		light: new Set(tokens.map((m) => m[1]!.toLowerCase())),
		dark: new Set(tokens.map((m) => m[2]!.toLowerCase()))
	};

	it('is found in the patterns and the lessons', () => {
		expect(blocks.length).toBeGreaterThan(30);
		expect(colours.light.size).toBeGreaterThan(4);
		expect(colours.dark.size).toBeGreaterThan(4);
	});

	const cases = (['light', 'dark'] as const).flatMap((scheme) =>
		Object.entries(BACKGROUNDS[scheme]).map(([name, bg]) => [scheme, name, bg] as const)
	);
	it.each(cases)('reaches 4.5:1 for every %s token colour on %s', (scheme, _name, background) => {
		const poor = [...colours[scheme]].filter((colour) => contrast(colour, background) < 4.5);
		expect(poor.map((c) => `${c}: ${contrast(c, background).toFixed(2)}:1`)).toEqual([]);
	});

	it('scrolls in a block a keyboard can reach (tabindex="0")', () => {
		for (const html of blocks) expect(html).toMatch(/^<pre class="shiki[^"]*"[^>]*tabindex="0"/);
	});
});
