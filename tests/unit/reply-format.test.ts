import { describe, expect, it } from 'vitest';
import {
	formatReply,
	isStatusReply,
	quote,
	shorten,
	shownArg
} from '$lib/server/redis/reply-format';

// Every expected string below was printed by `redis-cli --no-raw` 7.0.15 for the same reply.

describe('formatReply', () => {
	it('prints a bulk string in double quotes', () => {
		expect(formatReply('hello')).toBe('"hello"');
		expect(formatReply('')).toBe('""');
	});

	it('prints a status reply bare: SET without GET answers OK', () => {
		expect(isStatusReply('set', ['k', 'v', 'EX', '60'])).toBe(true);
		expect(formatReply('OK', isStatusReply('set', ['k', 'v', 'EX', '60']))).toBe('OK');
		expect(formatReply('PONG', isStatusReply('ping', []))).toBe('PONG');
		expect(formatReply('string', isStatusReply('type', ['k']))).toBe('string');
	});

	it('quotes the old value that SET ... GET returns, and the value of GET', () => {
		expect(isStatusReply('set', ['k', 'v', 'get'])).toBe(false);
		expect(formatReply('old', isStatusReply('set', ['k', 'v', 'GET']))).toBe('"old"');
		expect(formatReply('OK', isStatusReply('get', ['k']))).toBe('"OK"');
		expect(formatReply('hi', isStatusReply('ping', ['hi']))).toBe('"hi"');
	});

	it('prints integers, nil and the empty array as redis-cli does', () => {
		expect(formatReply(42)).toBe('(integer) 42');
		expect(formatReply(-2)).toBe('(integer) -2');
		expect(formatReply(null)).toBe('(nil)');
		expect(formatReply([])).toBe('(empty array)');
	});

	it('numbers a nested array and indents the inner list under its number', () => {
		expect(formatReply(['a', ['b', 'c']])).toBe('1) "a"\n2) 1) "b"\n   2) "c"');
	});

	it('indents deeper levels, and prints empty arrays, integers and nil inside lists', () => {
		// redis-cli -p P --no-raw eval "return {'a', {'b',{'c','d'}}, {}, 3, false}" 0
		expect(formatReply(['a', ['b', ['c', 'd']], [], 3, null])).toBe(
			[
				'1) "a"',
				'2) 1) "b"',
				'   2) 1) "c"',
				'      2) "d"',
				'3) (empty array)',
				'4) (integer) 3',
				'5) (nil)'
			].join('\n')
		);
	});

	it('right-aligns the numbers of a list of ten or more items', () => {
		// redis-cli -p P --no-raw eval "return {1,2,3,4,5,6,7,8,9,{'x','y'},'k'}" 0
		const reply = [1, 2, 3, 4, 5, 6, 7, 8, 9, ['x', 'y'], 'k'];
		expect(formatReply(reply)).toBe(
			[
				...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ` ${n}) (integer) ${n}`),
				'10) 1) "x"',
				'    2) "y"',
				'11) "k"'
			].join('\n')
		);
	});

	it('prints an error as (error) with the message Redis sent', () => {
		const error = new Error('ERR value is not an integer or out of range');
		expect(formatReply(error)).toBe('(error) ERR value is not an integer or out of range');
	});

	it('prints an HGETALL object as the flat field/value list Redis sent', () => {
		expect(formatReply({ f1: 'v1', f2: 'v2' })).toBe('1) "f1"\n2) "v1"\n3) "f2"\n4) "v2"');
		expect(formatReply({})).toBe('(empty array)');
	});

	it('prints a buffer byte by byte, as redis-cli prints the raw bytes', () => {
		// SET bin "\xe9" then GET bin prints "\xe9": one byte, not its UTF-8 re-encoding.
		expect(formatReply(Buffer.from([0xe9]))).toBe('"\\xe9"');
		expect(formatReply(Buffer.from('é', 'utf8'))).toBe('"\\xc3\\xa9"');
		expect(formatReply(Buffer.from('abc'))).toBe('"abc"');
	});
});

describe('quote', () => {
	it('escapes newlines, quotes, backslashes and tabs as redis-cli does', () => {
		// redis-cli SET e "a<LF>b\"c\\d<TAB>é" then GET e
		expect(quote('a\nb"c\\d\té')).toBe('"a\\nb\\"c\\\\d\\t\\xc3\\xa9"');
	});

	it('prints printable ASCII as it is, escaping only quotes and backslashes, as a Buffer of it prints', () => {
		const json = '{"name":"Ada \\"the\\" Lovelace","path":"C:\\\\x","n":1}';
		expect(quote(json)).toBe(quote(Buffer.from(json)));
		expect(quote('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
		expect(quote('')).toBe('""');
	});

	it('prints non-ASCII text as its UTF-8 bytes in \\xHH form', () => {
		expect(quote('€')).toBe('"\\xe2\\x82\\xac"');
		expect(quote('日')).toBe('"\\xe6\\x97\\xa5"');
	});

	it('prints other control characters as \\xHH, and \\r \\a \\b by name', () => {
		expect(quote('\r\x07\b')).toBe('"\\r\\a\\b"');
		expect(quote('\x01\x1f\x7f')).toBe('"\\x01\\x1f\\x7f"');
	});
});

describe('shorten', () => {
	it('keeps a short text as it is', () => {
		expect(shorten('OK')).toBe('OK');
		expect(shorten('x'.repeat(240))).toBe('x'.repeat(240));
	});

	it('cuts a long text and says how long it was', () => {
		expect(shorten('x'.repeat(241))).toBe(`${'x'.repeat(240)}… (241 chars)`);
		expect(shorten('abcdef', 3)).toBe('abc… (6 chars)');
	});
});

describe('shownArg', () => {
	it('keeps 200 characters of a long argument and says how long it was', () => {
		expect(shownArg('x'.repeat(200))).toBe('x'.repeat(200));
		expect(shownArg('y'.repeat(4000))).toBe(`${'y'.repeat(200)}… (4000 chars)`);
	});
});

describe('status replies of lab administration', () => {
	it('SLOWLOG RESET, ASKING and READONLY answer a status, printed without quotes', () => {
		for (const name of ['slowlog|reset', 'asking', 'readonly'])
			expect(formatReply('OK', isStatusReply(name, []))).toBe('OK');
	});
});
