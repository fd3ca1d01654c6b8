import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex, escapeSvelte } from 'mdsvex';
import { getHighlighter, toHtml } from './src/lib/highlight.js';
import { parseRedisBlock } from './src/lib/redis-block.js';

const highlighter = await getHighlighter();

/** @type {import('mdsvex').MdsvexOptions} */
const mdsvexOptions = {
	extensions: ['.md'],
	highlight: {
		highlighter: (code, lang) => {
			// A runnable block: its steps go to the widget as data, never as HTML.
			if (lang === 'redis') {
				return `<RedisBlock steps={${JSON.stringify(parseRedisBlock(code))}} />`;
			}
			return `{@html \`${escapeSvelte(toHtml(highlighter, code, lang))}\`}`;
		}
	}
};

/**
 * Lessons use a few widget tags (<Demo id="..." />, runnable redis blocks) without importing them:
 * this adds the imports
 * to every lesson, after its front matter, before mdsvex compiles it.
 */
/** The widgets a lesson may use, by tag; a ```redis fence becomes a RedisBlock. */
const WIDGETS = ['Demo', 'RedisBlock', 'Subscriber', 'Quiz', 'Exercise', 'FixTheBug'];

const lessonWidgets = {
	name: 'lesson-widgets',
	/** @param {{ content: string, filename?: string }} input */
	markup({ content, filename }) {
		if (!filename?.endsWith('.md')) return;
		const fence = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(content);
		const at = fence ? fence[0].length : 0;
		const used = WIDGETS.filter(
			(name) =>
				content.includes(`<${name}`) || (name === 'RedisBlock' && content.includes('```redis'))
		);
		const imports = used
			.map((name) => `\timport ${name} from '$lib/components/${name}.svelte';\n`)
			.join('');
		return { code: `${content.slice(0, at)}<script>\n${imports}</script>\n\n${content.slice(at)}` };
	}
};

/**
 * The Content-Security-Policy of every page. SvelteKit adds a nonce for its own inline script to
 * script-src (mode 'auto': a hash on a prerendered page); the inline script of src/app.html
 * (the `js` class before the first paint) is allowed by its hash, computed here from the file so
 * that an edit of it cannot be forgotten. Styles allow 'unsafe-inline': the highlighted code
 * colours each token with a style attribute. frame-ancestors is not here: FRAME_ANCESTORS is read
 * when the server starts, and src/hooks.server.ts adds it (src/lib/server/security-headers.ts).
 */
/** @type {`sha256-${string}`[]} */
const appScriptHashes = [
	...readFileSync(new URL('./src/app.html', import.meta.url), 'utf8').matchAll(
		/<script>([\s\S]*?)<\/script>/g
	)
].map(([, script]) => `sha256-${createHash('sha256').update(script).digest('base64')}`);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	preprocess: [vitePreprocess(), lessonWidgets, mdsvex(mdsvexOptions)],
	kit: {
		// BUILD_DIR and KIT_OUT_DIR let builds run side by side (the default is build/ and .svelte-kit/).
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', ...appScriptHashes],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				// The console, the key inspector and the live panel's Server-Sent Events (/api/pubsub).
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
