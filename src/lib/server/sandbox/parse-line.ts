import { isUtf8 } from 'node:buffer';

/**
 * Splits one console line into arguments exactly as redis-cli does (its sdssplitargs), byte by
 * byte: blanks separate arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH;
 * 'single quotes' only \'; a closing quote must be followed by a blank or the end of the line.
 * A NUL ends the line, as it ends redis-cli's C string.
 * Returns null for a line redis-cli would reject ("Invalid argument(s)").
 */
export function splitArgs(line: string): Buffer[] | null {
	// One char per byte of the UTF-8 line, so the loop below walks bytes as the C code does.
	const bytes = Buffer.from(line, 'utf8').toString('latin1');
	const n = bytes.includes('\0') ? bytes.indexOf('\0') : bytes.length;
	const at = (j: number) => (j < n ? bytes[j] : undefined);
	const args: Buffer[] = [];
	let i = 0;
	while (true) {
		while (i < n && isSpace(bytes[i])) i++;
		if (i >= n) return args;
		let current = '';
		let quote: '"' | "'" | null = null;
		let done = false;
		while (!done) {
			const ch = at(i);
			const next = at(i + 1);
			if (quote === '"') {
				if (ch === undefined) return null; // unterminated quotes
				if (ch === '\\' && next === 'x' && isHex(at(i + 2)) && isHex(at(i + 3))) {
					current += String.fromCharCode(parseInt(bytes.slice(i + 2, i + 4), 16));
					i += 3;
				} else if (ch === '\\' && next !== undefined) {
					i++;
					current += ESCAPES[next] ?? next;
				} else if (ch === '"') {
					if (next !== undefined && !isSpace(next)) return null; // must be followed by a blank
					done = true;
				} else {
					current += ch;
				}
			} else if (quote === "'") {
				if (ch === undefined) return null;
				if (ch === '\\' && next === "'") {
					i++;
					current += "'";
				} else if (ch === "'") {
					if (next !== undefined && !isSpace(next)) return null;
					done = true;
				} else {
					current += ch;
				}
			} else if (ch === undefined || ' \n\r\t'.includes(ch)) {
				done = true; // \v and \f end no argument here, though they are skipped between them
			} else if (ch === '"' || ch === "'") {
				quote = ch;
			} else {
				current += ch;
			}
			if (i < n) i++;
		}
		args.push(Buffer.from(current, 'latin1'));
	}
}

/**
 * The line's arguments as text. Null when redis-cli would reject the line, or when \xHH escapes
 * spell bytes that are not UTF-8: the console sends and shows text (see splitArgs for which).
 */
export function parseLine(line: string): string[] | null {
	const args = splitArgs(line);
	return args?.every((arg) => isUtf8(arg)) ? args.map((arg) => arg.toString('utf8')) : null;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };
/** C's isspace in the "C" locale: no Unicode spaces, as redis-cli splits bytes. */
const isSpace = (ch: string | undefined) => ch !== undefined && ' \t\n\v\f\r'.includes(ch);
const isHex = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
