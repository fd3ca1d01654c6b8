/** One thing the course search can find: a lesson or a command. */
export interface SearchEntry {
	kind: 'lesson' | 'command';
	title: string;
	href: string;
	/** The one-line summary shown under the title. */
	text: string;
	/** More words to match (chapter, headings, commands), not shown. */
	extra: string;
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The entries that have every word of the query (as the start of one of their words), best
 * first: a match in the title counts most, then the summary, then the rest.
 */
export function search(entries: SearchEntry[], query: string, limit = 20): SearchEntry[] {
	const wanted = words(query);
	if (!wanted.length) return [];
	const scored = entries.flatMap((entry): { entry: SearchEntry; score: number }[] => {
		const fields = [words(entry.title), words(entry.text), words(entry.extra)];
		let score = 0;
		for (const word of wanted) {
			const weight = fields.findIndex((field) => field.some((w) => w.startsWith(word)));
			if (weight < 0) return [];
			score += [10, 3, 1][weight]! + (fields[0]!.includes(word) ? 5 : 0);
		}
		return [{ entry, score }];
	});
	return scored
		.sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))
		.slice(0, limit)
		.map(({ entry }) => entry);
}
