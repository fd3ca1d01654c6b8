import { readFileSync } from 'node:fs';
import type { DemoField } from '../../src/lib/types';

/** What the specs know of a demo: the catalogue's own id, title, button label and fields. */
export interface CatalogueEntry {
	id: string;
	title: string;
	button: string;
	fields: DemoField[];
}

/** The global setup writes the catalogue to a file and names it in this variable. */
export const CATALOGUE_ENV = 'E2E_DEMO_CATALOGUE';

let catalogue: ReadonlyMap<string, CatalogueEntry> | undefined;

/** Every demo of the catalogue by id, as the global setup read it from src/lib/server/demos. */
export function demoCatalogue(): ReadonlyMap<string, CatalogueEntry> {
	if (!catalogue) {
		const file = process.env[CATALOGUE_ENV];
		if (!file)
			throw new Error(`${CATALOGUE_ENV} is not set: run the specs with playwright.config.ts`);
		const entries = JSON.parse(readFileSync(file, 'utf8')) as CatalogueEntry[];
		catalogue = new Map(entries.map((entry) => [entry.id, entry]));
	}
	return catalogue;
}

/** One demo of the catalogue; an id it does not have fails the test at once. */
export function catalogueEntry(id: string): CatalogueEntry {
	const entry = demoCatalogue().get(id);
	if (!entry) throw new Error(`no demo "${id}" in the catalogue (src/lib/server/demos/${id}.ts)`);
	return entry;
}
