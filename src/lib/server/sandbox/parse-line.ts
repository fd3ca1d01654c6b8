/**
 * Splits one console line into arguments exactly as redis-cli does (its sdssplitargs): spaces
 * separate arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH; 'single quotes'
 * only \'; a closing quote must be followed by a space or the end of the line.
 * Returns null for a line redis-cli would reject ("Invalid argument(s)").
 */
export function parseLine(line: string): string[] | null {
	const args: string[] = [];
	let i = 0;
	const n = line.length;
	const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
	while (true) {
		while (i < n && isSpace(line[i])) i++;
		if (i >= n) return args;
		let current = '';
		let quote: '"' | "'" | null = null;
		let done = false;
		while (!done) {
			const ch = line[i];
			if (quote === '"') {
				if (ch === undefined) return null; // unterminated quotes
				if (ch === '\\' && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
					current += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
					i += 3;
				} else if (ch === '\\' && line[i + 1] !== undefined) {
					i++;
					const escaped = line[i]!;
					current += ESCAPES[escaped] ?? escaped;
				} else if (ch === '"') {
					if (i + 1 < n && !isSpace(line[i + 1])) return null; // closing quote must be followed by a space
					done = true;
				} else {
					current += ch;
				}
			} else if (quote === "'") {
				if (ch === undefined) return null;
				if (ch === '\\' && line[i + 1] === "'") {
					i++;
					current += "'";
				} else if (ch === "'") {
					if (i + 1 < n && !isSpace(line[i + 1])) return null;
					done = true;
				} else {
					current += ch;
				}
			} else if (ch === undefined || isSpace(ch)) {
				done = true;
			} else if (ch === '"') {
				quote = '"';
			} else if (ch === "'") {
				quote = "'";
			} else {
				current += ch;
			}
			if (i < n) i++;
		}
		args.push(current);
	}
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };
const isHex = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
