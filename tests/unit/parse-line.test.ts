import { describe, expect, it } from 'vitest';
import { parseLine, splitArgs } from '$lib/server/sandbox/parse-line';

// Every case below was checked against redis-cli 7.0.15 (its sdssplitargs): the line was sent as
// `RPUSH cmp <line>` on stdin and the list read back byte for byte, or redis-cli printed
// "Invalid argument(s)" where the expected value is null.

describe('parseLine: blanks', () => {
	it.each([
		['GET k', ['GET', 'k']],
		['  SET   k   v  ', ['SET', 'k', 'v']],
		['SET\tk\tv', ['SET', 'k', 'v']],
		['\tGET k\t', ['GET', 'k']],
		['SET k\r\nv', ['SET', 'k', 'v']],
		['set K V', ['set', 'K', 'V']]
	])('%j splits into %j', (line, args) => {
		expect(parseLine(line)).toEqual(args);
	});

	it('answers an empty or blank line with no arguments', () => {
		expect(parseLine('')).toEqual([]);
		expect(parseLine('   ')).toEqual([]);
		expect(parseLine('\t \v\f')).toEqual([]);
	});

	it('skips \\v and \\f between arguments but keeps them inside one, as C isspace does', () => {
		expect(parseLine('\v\fGET a')).toEqual(['GET', 'a']);
		expect(parseLine('ECHO a\vb')).toEqual(['ECHO', 'a\vb']);
		expect(parseLine('ECHO a\fb')).toEqual(['ECHO', 'a\fb']);
		expect(parseLine('ECHO x\v')).toEqual(['ECHO', 'x\v']);
		expect(parseLine('ECHO "a"\vb')).toEqual(['ECHO', 'a', 'b']);
	});

	it('does not split on Unicode spaces (redis-cli splits bytes)', () => {
		expect(parseLine('ECHO a\u00a0b')).toEqual(['ECHO', 'a\u00a0b']);
		expect(parseLine('ECHO a\u3000b')).toEqual(['ECHO', 'a\u3000b']);
		expect(parseLine('GET\u2003k')).toEqual(['GET\u2003k']);
	});

	it('keeps a backslash outside quotes as it is', () => {
		expect(parseLine('ECHO a\\ b')).toEqual(['ECHO', 'a\\', 'b']);
		expect(parseLine('ECHO a\\nb')).toEqual(['ECHO', 'a\\nb']);
	});
});

describe('parseLine: double quotes', () => {
	it('keeps spaces inside quotes', () => {
		expect(parseLine('SET k "hello world"')).toEqual(['SET', 'k', 'hello world']);
	});

	it('understands \\n \\r \\t \\b \\a \\\\ and \\"', () => {
		expect(parseLine('ECHO "\\n\\r\\t\\b\\a\\\\\\""')).toEqual(['ECHO', '\n\r\t\b\x07\\"']);
	});

	it('turns any other escaped character into itself', () => {
		expect(parseLine('ECHO "\\q\\\'\\x"')).toEqual(['ECHO', "q'x"]);
	});

	it('understands \\xHH in either case', () => {
		expect(parseLine('ECHO "\\x41\\x4a\\x6b"')).toEqual(['ECHO', 'AJk']);
		expect(parseLine('ECHO "\\x00"')).toEqual(['ECHO', '\0']);
		expect(parseLine('ECHO "a\\x7Fb"')).toEqual(['ECHO', 'a\x7fb']);
	});

	it('reads \\x without two hex digits as an escaped x', () => {
		expect(parseLine('ECHO "\\x4"')).toEqual(['ECHO', 'x4']);
		expect(parseLine('ECHO "\\xzz"')).toEqual(['ECHO', 'xzz']);
		expect(parseLine('ECHO "\\x41\\x"')).toEqual(['ECHO', 'Ax']);
		expect(parseLine('ECHO "\\\\x41"')).toEqual(['ECHO', '\\x41']);
	});

	it('sends \\xHH as bytes: escapes that spell UTF-8 make the character', () => {
		expect(parseLine('SET k "\\xc3\\xa9"')).toEqual(['SET', 'k', 'é']);
		expect(parseLine('SET k "caf\\xc3\\xa9 \\xe2\\x82\\xac"')).toEqual(['SET', 'k', 'café €']);
		expect(splitArgs('SET k "\\xc3\\xa9"')![2]).toEqual(Buffer.from([0xc3, 0xa9]));
	});

	it('splits bytes that are not UTF-8 exactly, and parseLine refuses them (the console sends text)', () => {
		expect(splitArgs('SET k "\\xff\\xf0\\x00"')![2]).toEqual(Buffer.from([0xff, 0xf0, 0x00]));
		expect(parseLine('SET k "\\xff\\xf0\\x00"')).toBeNull();
		expect(parseLine('SET k "\\xc3"')).toBeNull();
	});

	it('reads the empty string', () => {
		expect(parseLine('SET k ""')).toEqual(['SET', 'k', '']);
		expect(parseLine('ECHO "" x')).toEqual(['ECHO', '', 'x']);
	});

	it('opens quotes in the middle of an argument', () => {
		expect(parseLine('ECHO a"b c"')).toEqual(['ECHO', 'ab c']);
	});

	it('allows a tab after the closing quote', () => {
		expect(parseLine('ECHO "a"\tb')).toEqual(['ECHO', 'a', 'b']);
	});

	it('keeps single quotes inside double quotes', () => {
		expect(parseLine('ECHO "it\'s"')).toEqual(['ECHO', "it's"]);
	});
});

describe("parseLine: 'single quotes'", () => {
	it("understands only \\' and keeps every other backslash", () => {
		expect(parseLine("ECHO 'it\\'s'")).toEqual(['ECHO', "it's"]);
		expect(parseLine("ECHO '\\n\\x41'")).toEqual(['ECHO', '\\n\\x41']);
		expect(parseLine("ECHO 'a\\\\b'")).toEqual(['ECHO', 'a\\\\b']);
	});

	it('reads the empty string and keeps double quotes', () => {
		expect(parseLine("SET k ''")).toEqual(['SET', 'k', '']);
		expect(parseLine(`ECHO 'a"b'`)).toEqual(['ECHO', 'a"b']);
		expect(parseLine("ECHO a'b c'")).toEqual(['ECHO', 'ab c']);
	});
});

describe('parseLine: lines redis-cli rejects', () => {
	it.each([
		'SET k "unterminated',
		"SET k 'unterminated",
		'SET k "ends with an escaped quote\\"',
		'ECHO "a"b',
		"ECHO 'a'b",
		'ECHO "a""b"',
		"ECHO 'a''b'",
		'ECHO "a"\'b\''
	])('%j is null (Invalid argument(s))', (line) => {
		expect(parseLine(line)).toBeNull();
		expect(splitArgs(line)).toBeNull();
	});
});

describe('parseLine: Unicode and NUL', () => {
	it('passes Unicode through unchanged', () => {
		expect(parseLine('SET 日本 "こんにちは 🎉" é')).toEqual(['SET', '日本', 'こんにちは 🎉', 'é']);
		expect(parseLine('ECHO "é\\x41"')).toEqual(['ECHO', 'éA']);
		expect(parseLine('ＧＥＴ k')).toEqual(['ＧＥＴ', 'k']);
		expect(parseLine('GET \u202ek\u200f')).toEqual(['GET', '\u202ek\u200f']);
	});

	it('ends the line at a NUL, as redis-cli’s C string does', () => {
		expect(parseLine('GET a\0FLUSHALL')).toEqual(['GET', 'a']);
		expect(parseLine('GET "a\0b"')).toBeNull();
		expect(parseLine('\0FLUSHALL')).toEqual([]);
	});
});
