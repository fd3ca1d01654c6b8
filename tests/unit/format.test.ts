import { describe, expect, it } from 'vitest';
import {
	actorsOf,
	sendersOf,
	breakable,
	isErrorReply,
	isNoScript,
	plural,
	tally,
	ttlLabel
} from '$lib/format';

describe('the words the widgets use', () => {
	it("words TTLs as redis-cli's TTL does: seconds, -1 (no expiry), -2 (no such key)", () => {
		expect(ttlLabel(59_001)).toBe('60 s');
		expect(ttlLabel(-1)).toBe('-1 (no expiry)');
		expect(ttlLabel(-2)).toBe('-2 (no such key)');
		// Counted down past zero on the page: the key has gone.
		expect(ttlLabel(1000, -5)).toBe('-2 (expired)');
	});

	it('says "1 key" and "2 keys"', () => {
		expect(plural(1, 'key')).toBe('1 key');
		expect(plural(0, 'key')).toBe('0 keys');
		expect(plural(2, 'error reply', 'error replies')).toBe('2 error replies');
	});

	it('tells the expected NOSCRIPT of a first script call from a real error reply', () => {
		const noScript = '(error) NOSCRIPT No matching script. Please use EVAL.';
		expect(isNoScript(noScript)).toBe(true);
		expect(isErrorReply(noScript)).toBe(false);
		expect(isErrorReply('(error) WRONGTYPE Operation against a key')).toBe(true);
		expect(isErrorReply('"(error) is only a string value"')).toBe(false);
	});
});

describe('summaries of long traces', () => {
	it('counts each command, most frequent first', () => {
		expect(tally(['GET', 'SET', 'GET', 'DEL', 'GET', 'SET'])).toEqual([
			['GET', 3],
			['SET', 2],
			['DEL', 1]
		]);
	});

	it('lists the actors in the order they first sent something', () => {
		expect(
			actorsOf([{ actor: 'worker B' }, {}, { actor: 'worker A' }, { actor: 'worker B' }])
		).toEqual(['worker B', 'worker A']);
		expect(actorsOf([{}, {}])).toEqual([]);
	});

	it('names a long trace’s first five senders with their counts, and counts the rest as one', () => {
		const entries = [
			{ actor: 'setup' },
			{},
			...Array.from({ length: 100 }, (_, i) => [
				{ actor: `client ${i + 1}` },
				{ actor: `client ${i + 1}` }
			]).flat()
		];
		const { named, rest } = sendersOf(entries, 'command');
		expect(named).toEqual([
			['setup', 1],
			['client 1', 2],
			['client 2', 2],
			['client 3', 2],
			['client 4', 2]
		]);
		expect(rest).toBe(' and 96 more senders (192 commands)');
		expect(sendersOf([{ actor: 'worker A' }, { actor: 'worker B' }], 'command').rest).toBe('');
	});

	it('cuts a line after punctuation only, never inside a word', () => {
		const line = '> SET customer:2 {"city":"Paris","state":"processing"}';
		const parts = breakable(line);
		expect(parts.join('')).toBe(line);
		for (const word of ['Paris', 'processing', 'customer']) {
			expect(parts.some((part) => part.includes(word))).toBe(true);
		}
	});
});
