import { describe, expect, it } from 'vitest';
import { parseRedisBlock } from '../../src/lib/redis-block.js';

describe('parseRedisBlock', () => {
	it('reads a transcript: commands after "> ", their replies below them, comments skipped', () => {
		const steps = parseRedisBlock(
			['# a comment', '> DEL k', '> SET k v', 'OK', '> LRANGE l 0 -1', '1) "a"', '2) "b"', ''].join(
				'\n'
			)
		);
		expect(steps).toEqual([
			{ command: 'DEL k', expected: null },
			{ command: 'SET k v', expected: 'OK' },
			{ command: 'LRANGE l 0 -1', expected: '1) "a"\n2) "b"' }
		]);
	});

	it('treats a block without "> " as commands only', () => {
		expect(parseRedisBlock('SET a 1\n\nGET a\n')).toEqual([
			{ command: 'SET a 1', expected: null },
			{ command: 'GET a', expected: null }
		]);
	});

	it('refuses a reply that comes before any command', () => {
		expect(() => parseRedisBlock('OK\n> GET a')).toThrow(/before any command/);
	});

	it('marks a clean-up line followed by "# any reply" as one whose reply may vary', () => {
		expect(parseRedisBlock('> DEL a b\n# any reply: 0 the first time\n> GET a\n(nil)')).toEqual([
			{ command: 'DEL a b', expected: null, anyReply: true },
			{ command: 'GET a', expected: '(nil)' }
		]);
	});

	it('refuses a line that is marked "# any reply" and also declares a reply', () => {
		expect(() => parseRedisBlock('> DEL a\n# any reply\n(integer) 0')).toThrow('any reply');
	});
});
