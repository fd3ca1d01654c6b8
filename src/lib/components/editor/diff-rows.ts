/**
 * A line diff (the `diff` package's change objects) as the rows the diff view prints: each line
 * kept, added or removed with its line number, and long runs of unchanged lines folded into one
 * "unchanged lines" row, keeping a few lines of context around each change.
 */
export interface LineChange {
	value: string;
	added: boolean;
	removed: boolean;
}

export type DiffRow =
	| { kind: 'same' | 'added' | 'removed'; line: number; text: string }
	| { kind: 'folded'; lines: number };

export interface DiffSummary {
	rows: DiffRow[];
	added: number;
	removed: number;
}

const CONTEXT_LINES = 2;

const linesOf = (value: string) => {
	const lines = value.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
};

export function diffRows(changes: LineChange[], context = CONTEXT_LINES): DiffSummary {
	const all: Exclude<DiffRow, { kind: 'folded' }>[] = [];
	let before = 0;
	let after = 0;
	let added = 0;
	let removed = 0;
	for (const change of changes) {
		for (const text of linesOf(change.value)) {
			if (change.added) {
				added++;
				all.push({ kind: 'added', line: ++after, text });
			} else if (change.removed) {
				removed++;
				all.push({ kind: 'removed', line: ++before, text });
			} else {
				before++;
				all.push({ kind: 'same', line: ++after, text });
			}
		}
	}
	// A kept line stays when a change is within `context` lines of it.
	const near = all.map(() => false);
	all.forEach((row, i) => {
		if (row.kind === 'same') return;
		for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) {
			near[j] = true;
		}
	});
	const rows: DiffRow[] = [];
	for (let i = 0; i < all.length; i++) {
		if (near[i]) {
			rows.push(all[i]!);
			continue;
		}
		let end = i;
		while (end + 1 < all.length && !near[end + 1]) end++;
		rows.push({ kind: 'folded', lines: end - i + 1 });
		i = end;
	}
	return { rows, added, removed };
}
