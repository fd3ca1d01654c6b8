import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { createServer } from 'vite';
import type { DemoField } from '../../src/lib/types';
import { CATALOGUE_ENV, type CatalogueEntry } from './catalogue';

/**
 * Reads the demo catalogue (`DEMOS`, gathered with `import.meta.glob`, so plain Node cannot
 * import it) through Vite's SSR loader, and writes each demo's id,
 * title, button and fields to the output dir for the specs' helpers: specs never copy a label.
 * About 1 s.
 */
export default async function globalSetup(config: FullConfig) {
	const root = process.cwd(); // as for the specs' content/ reads
	// Not the app's config: its Svelte and mdsvex set-up (shiki's highlighter, Kit's sync) takes
	// twice as long as the catalogue itself, which needs only Vite's loader and the `$lib` alias.
	const server = await createServer({
		configFile: false,
		root,
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		server: { middlewareMode: true, hmr: false, ws: false },
		appType: 'custom',
		logLevel: 'error'
	});
	let entries: CatalogueEntry[];
	try {
		const { DEMOS } = (await server.ssrLoadModule('/src/lib/server/demos/index.ts')) as {
			DEMOS: ReadonlyMap<
				string,
				{ id: string; title: string; button: string; fields: DemoField[] }
			>;
		};
		entries = [...DEMOS.values()].map(({ id, title, button, fields }) => ({
			id,
			title,
			button,
			fields
		}));
	} finally {
		await server.close();
	}
	if (entries.length === 0) throw new Error('the demo catalogue is empty');
	const outputDir = config.projects[0]!.outputDir;
	mkdirSync(outputDir, { recursive: true });
	const file = join(outputDir, 'demo-catalogue.json');
	writeFileSync(file, JSON.stringify(entries, null, '\t'));
	// Workers start after this and inherit the environment.
	process.env[CATALOGUE_ENV] = file;
}
