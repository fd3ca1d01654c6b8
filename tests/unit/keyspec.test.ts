import { describe, expect, it } from 'vitest';
import { KeyPositionError, keyIndexes } from '$lib/server/redis/keyspec';
import {
	UnknownCommandError,
	commandSpec,
	keysOf,
	prefixKeys,
	sandboxPrefix,
	stripPrefix
} from '$lib/server/redis/prefix';

const P = sandboxPrefix('learner-a');
const indexes = (...argv: string[]) => keyIndexes(commandSpec(argv).spec, argv);

describe('sandboxPrefix', () => {
	it('puts the learner id in a hash tag so all their keys share one Cluster slot', () => {
		expect(P).toBe('sbx:{learner-a}:');
	});
});

describe('key positions and prefixing', () => {
	it('GET: the one argument is the key', () => {
		expect(indexes('GET', 'user:1')).toEqual([1]);
		expect(prefixKeys(['GET', 'user:1'], P)).toEqual(['GET', `${P}user:1`]);
	});

	it('SET with EX: only the key is prefixed, not the value or the options', () => {
		expect(indexes('SET', 'k', 'v', 'EX', '60')).toEqual([1]);
		expect(prefixKeys(['SET', 'k', 'k', 'EX', '60'], P)).toEqual(['SET', `${P}k`, 'k', 'EX', '60']);
	});

	it('SET with GET: the GET option is not a key', () => {
		expect(prefixKeys(['SET', 'k', 'v', 'GET'], P)).toEqual(['SET', `${P}k`, 'v', 'GET']);
	});

	it('MGET: every argument is a key', () => {
		expect(indexes('MGET', 'a', 'b', 'c')).toEqual([1, 2, 3]);
		expect(prefixKeys(['MGET', 'a', 'b', 'c'], P)).toEqual(['MGET', `${P}a`, `${P}b`, `${P}c`]);
	});

	it('MSET: keys every second argument, values untouched even when they look like keys', () => {
		expect(indexes('MSET', 'a', '1', 'b', '2', 'c', '3')).toEqual([1, 3, 5]);
		expect(prefixKeys(['MSET', 'a', 'b', 'b', 'a'], P)).toEqual([
			'MSET',
			`${P}a`,
			'b',
			`${P}b`,
			'a'
		]);
	});

	it('DEL and UNLINK: every argument is a key', () => {
		expect(prefixKeys(['DEL', 'a', 'b', 'c'], P)).toEqual(['DEL', `${P}a`, `${P}b`, `${P}c`]);
		expect(prefixKeys(['unlink', 'a', 'b'], P)).toEqual(['unlink', `${P}a`, `${P}b`]);
	});

	it('EXPIRE: the key, not the seconds or the NX option', () => {
		expect(prefixKeys(['EXPIRE', 'k', '60', 'NX'], P)).toEqual(['EXPIRE', `${P}k`, '60', 'NX']);
	});

	it('HSET: the key only, never the fields or values', () => {
		expect(indexes('HSET', 'h', 'f1', 'v1', 'f2', 'v2')).toEqual([1]);
		expect(prefixKeys(['HSET', 'h', 'h', 'v'], P)).toEqual(['HSET', `${P}h`, 'h', 'v']);
	});

	it('LMOVE: source and destination, not the directions', () => {
		expect(indexes('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toEqual([1, 2]);
		expect(prefixKeys(['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], P)).toEqual([
			'LMOVE',
			`${P}src`,
			`${P}dst`,
			'LEFT',
			'RIGHT'
		]);
	});

	it('ZUNIONSTORE: destination and numkeys sources; numkeys and WEIGHTS are not keys', () => {
		const argv = ['ZUNIONSTORE', 'out', '2', 'a', 'b', 'WEIGHTS', '1', '2'];
		expect(indexes(...argv)).toEqual([1, 3, 4]);
		expect(prefixKeys(argv, P)).toEqual([
			'ZUNIONSTORE',
			`${P}out`,
			'2',
			`${P}a`,
			`${P}b`,
			'WEIGHTS',
			'1',
			'2'
		]);
	});

	it('SINTERCARD: numkeys keys, then LIMIT untouched', () => {
		const argv = ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '5'];
		expect(indexes(...argv)).toEqual([2, 3]);
		expect(prefixKeys(argv, P)).toEqual(['SINTERCARD', '2', `${P}a`, `${P}b`, 'LIMIT', '5']);
	});

	it('XREAD: the streams after STREAMS, not their ids nor COUNT', () => {
		const argv = ['XREAD', 'COUNT', '2', 'STREAMS', 'k1', 'k2', '0', '0'];
		expect(indexes(...argv)).toEqual([4, 5]);
		expect(prefixKeys(argv, P)).toEqual([
			'XREAD',
			'COUNT',
			'2',
			'STREAMS',
			`${P}k1`,
			`${P}k2`,
			'0',
			'0'
		]);
	});

	it('XREADGROUP: a group named like a stream key is not prefixed', () => {
		// The bug SANDBOX.md warns about: mapping key *names* back into argv would prefix the group.
		const argv = ['XREADGROUP', 'GROUP', 'k1', 'k2', 'COUNT', '1', 'STREAMS', 'k1', 'k2', '>', '>'];
		expect(indexes(...argv)).toEqual([7, 8]);
		expect(prefixKeys(argv, P)).toEqual([
			'XREADGROUP',
			'GROUP',
			'k1',
			'k2',
			'COUNT',
			'1',
			'STREAMS',
			`${P}k1`,
			`${P}k2`,
			'>',
			'>'
		]);
	});

	it('OBJECT ENCODING: resolves the subcommand, the key is the third word', () => {
		expect(commandSpec(['OBJECT', 'ENCODING', 'k']).name).toBe('object|encoding');
		expect(prefixKeys(['OBJECT', 'ENCODING', 'k'], P)).toEqual(['OBJECT', 'ENCODING', `${P}k`]);
	});

	it('MEMORY USAGE: the key, not SAMPLES', () => {
		expect(commandSpec(['memory', 'usage', 'k']).name).toBe('memory|usage');
		expect(prefixKeys(['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'], P)).toEqual([
			'MEMORY',
			'USAGE',
			`${P}k`,
			'SAMPLES',
			'5'
		]);
	});

	it('EVALSHA: numkeys keys become KEYS, the rest stay ARGV', () => {
		const argv = ['EVALSHA', 'abc123', '2', 'k1', 'k2', 'k1'];
		expect(indexes(...argv)).toEqual([3, 4]);
		expect(prefixKeys(argv, P)).toEqual(['EVALSHA', 'abc123', '2', `${P}k1`, `${P}k2`, 'k1']);
		expect(indexes('EVALSHA', 'abc123', '0', 'arg')).toEqual([]);
	});

	it('a numkeys that is not a non-negative integer throws KeyPositionError', () => {
		for (const bad of ['x', '-1', '1.5', '1e2', '']) {
			expect(() => prefixKeys(['SINTERCARD', bad, 'a'], P), bad).toThrow(KeyPositionError);
		}
		expect(() => prefixKeys(['EVALSHA', 'abc', 'two', 'k'], P)).toThrow(KeyPositionError);
	});

	it('a numkeys larger than the keys given throws KeyPositionError', () => {
		expect(() => prefixKeys(['ZUNIONSTORE', 'out', '3', 'a', 'b'], P)).toThrow(KeyPositionError);
		expect(() => keysOf(['EVALSHA', 'abc', '2', 'k1'])).toThrow(KeyPositionError);
	});

	it('an unknown or non-data command throws UnknownCommandError', () => {
		for (const argv of [['FLUSHALL'], ['CONFIG', 'GET', 'x'], ['KEYS', '*'], ['OBJECT', 'HELP']]) {
			expect(() => prefixKeys(argv, P), argv.join(' ')).toThrow(UnknownCommandError);
		}
		expect(() => commandSpec(['NOSUCHCOMMAND'])).toThrow('NOSUCHCOMMAND is not a data command');
	});

	it('commandSpec does not care about case', () => {
		expect(commandSpec(['get', 'k']).name).toBe('get');
		expect(commandSpec(['GeT', 'k']).spec).toBe(commandSpec(['GET', 'k']).spec);
	});

	it('keysOf returns the key arguments as the learner wrote them', () => {
		expect(keysOf(['MSET', 'a', '1', 'b', '2'])).toEqual(['a', 'b']);
		expect(keysOf(['ZUNIONSTORE', 'out', '2', 'x', 'y', 'WEIGHTS', '1', '2'])).toEqual([
			'out',
			'x',
			'y'
		]);
		expect(keysOf(['XREADGROUP', 'GROUP', 's', 'c', 'STREAMS', 's', '>'])).toEqual(['s']);
	});
});

describe('stripPrefix', () => {
	it('removes the namespace from strings at any depth, leaving everything else alone', () => {
		const reply = [`${P}a`, ['x', `${P}b`, [`${P}c`, 7, null]], 5, null, 'plain'];
		expect(stripPrefix(reply, P)).toEqual(['a', ['x', 'b', ['c', 7, null]], 5, null, 'plain']);
	});

	it('does not touch another namespace or the prefix in the middle of a string', () => {
		const other = sandboxPrefix('learner-b');
		expect(stripPrefix([`${other}a`, `x${P}y`], P)).toEqual([`${other}a`, `x${P}y`]);
	});

	it('leaves non-string replies unchanged', () => {
		expect(stripPrefix(3, P)).toBe(3);
		expect(stripPrefix(null, P)).toBe(null);
		expect(stripPrefix([], P)).toEqual([]);
	});
});
