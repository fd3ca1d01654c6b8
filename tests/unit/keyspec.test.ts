import { describe, expect, it } from 'vitest';
import { KeyPositionError, keyIndexes } from '$lib/server/redis/keyspec';
import { Namespace, UnknownCommandError, commandSpec } from '$lib/server/redis/namespace';

const NS = new Namespace('learner-a');
const P = NS.prefix;
const moved = (argv: string[]) => NS.move(argv).argv;
const keysOf = (argv: string[]) => NS.move(argv).keys;
const indexes = (...argv: string[]) => keyIndexes(commandSpec(argv).spec, argv);

describe('Namespace', () => {
	it('puts the learner id in a hash tag so all their keys share one Cluster slot', () => {
		expect(P).toBe('sbx:{learner-a}:');
	});
});

describe('key positions and prefixing', () => {
	it('GET: the one argument is the key', () => {
		expect(indexes('GET', 'user:1')).toEqual([1]);
		expect(moved(['GET', 'user:1'])).toEqual(['GET', `${P}user:1`]);
	});

	it('SET with EX: only the key is prefixed, not the value or the options', () => {
		expect(indexes('SET', 'k', 'v', 'EX', '60')).toEqual([1]);
		expect(moved(['SET', 'k', 'k', 'EX', '60'])).toEqual(['SET', `${P}k`, 'k', 'EX', '60']);
	});

	it('SET with GET: the GET option is not a key', () => {
		expect(moved(['SET', 'k', 'v', 'GET'])).toEqual(['SET', `${P}k`, 'v', 'GET']);
	});

	it('MGET: every argument is a key', () => {
		expect(indexes('MGET', 'a', 'b', 'c')).toEqual([1, 2, 3]);
		expect(moved(['MGET', 'a', 'b', 'c'])).toEqual(['MGET', `${P}a`, `${P}b`, `${P}c`]);
	});

	it('MSET: keys every second argument, values untouched even when they look like keys', () => {
		expect(indexes('MSET', 'a', '1', 'b', '2', 'c', '3')).toEqual([1, 3, 5]);
		expect(moved(['MSET', 'a', 'b', 'b', 'a'])).toEqual(['MSET', `${P}a`, 'b', `${P}b`, 'a']);
	});

	it('DEL and UNLINK: every argument is a key', () => {
		expect(moved(['DEL', 'a', 'b', 'c'])).toEqual(['DEL', `${P}a`, `${P}b`, `${P}c`]);
		expect(moved(['unlink', 'a', 'b'])).toEqual(['unlink', `${P}a`, `${P}b`]);
	});

	it('EXPIRE: the key, not the seconds or the NX option', () => {
		expect(moved(['EXPIRE', 'k', '60', 'NX'])).toEqual(['EXPIRE', `${P}k`, '60', 'NX']);
	});

	it('HSET: the key only, never the fields or values', () => {
		expect(indexes('HSET', 'h', 'f1', 'v1', 'f2', 'v2')).toEqual([1]);
		expect(moved(['HSET', 'h', 'h', 'v'])).toEqual(['HSET', `${P}h`, 'h', 'v']);
	});

	it('LMOVE: source and destination, not the directions', () => {
		expect(indexes('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toEqual([1, 2]);
		expect(moved(['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'])).toEqual([
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
		expect(moved(argv)).toEqual([
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
		expect(moved(argv)).toEqual(['SINTERCARD', '2', `${P}a`, `${P}b`, 'LIMIT', '5']);
	});

	it('XREAD: the streams after STREAMS, not their ids nor COUNT', () => {
		const argv = ['XREAD', 'COUNT', '2', 'STREAMS', 'k1', 'k2', '0', '0'];
		expect(indexes(...argv)).toEqual([4, 5]);
		expect(moved(argv)).toEqual(['XREAD', 'COUNT', '2', 'STREAMS', `${P}k1`, `${P}k2`, '0', '0']);
	});

	it('XREADGROUP: a group named like a stream key is not prefixed', () => {
		// The bug SANDBOX.md warns about: mapping key *names* back into argv would prefix the group.
		const argv = ['XREADGROUP', 'GROUP', 'k1', 'k2', 'COUNT', '1', 'STREAMS', 'k1', 'k2', '>', '>'];
		expect(indexes(...argv)).toEqual([7, 8]);
		expect(moved(argv)).toEqual([
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
		expect(moved(['OBJECT', 'ENCODING', 'k'])).toEqual(['OBJECT', 'ENCODING', `${P}k`]);
	});

	it('MEMORY USAGE: the key, not SAMPLES', () => {
		expect(commandSpec(['memory', 'usage', 'k']).name).toBe('memory|usage');
		expect(moved(['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'])).toEqual([
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
		expect(moved(argv)).toEqual(['EVALSHA', 'abc123', '2', `${P}k1`, `${P}k2`, 'k1']);
		expect(indexes('EVALSHA', 'abc123', '0', 'arg')).toEqual([]);
	});

	it('a numkeys that is not a non-negative integer throws KeyPositionError', () => {
		for (const bad of ['x', '-1', '1.5', '1e2', '']) {
			expect(() => moved(['SINTERCARD', bad, 'a']), bad).toThrow(KeyPositionError);
		}
		expect(() => moved(['EVALSHA', 'abc', 'two', 'k'])).toThrow(KeyPositionError);
	});

	it('a numkeys larger than the keys given throws KeyPositionError', () => {
		expect(() => moved(['ZUNIONSTORE', 'out', '3', 'a', 'b'])).toThrow(KeyPositionError);
		expect(() => keysOf(['EVALSHA', 'abc', '2', 'k1'])).toThrow(KeyPositionError);
	});

	it('an unknown or non-data command throws UnknownCommandError', () => {
		for (const argv of [['FLUSHALL'], ['CONFIG', 'GET', 'x'], ['KEYS', '*'], ['OBJECT', 'HELP']]) {
			expect(() => moved(argv), argv.join(' ')).toThrow(UnknownCommandError);
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

describe('Namespace.strip', () => {
	it('removes the namespace from strings at any depth, leaving everything else alone', () => {
		const reply = [`${P}a`, ['x', `${P}b`, [`${P}c`, 7, null]], 5, null, 'plain'];
		expect(NS.strip(reply)).toEqual(['a', ['x', 'b', ['c', 7, null]], 5, null, 'plain']);
	});

	it('does not touch another namespace or the prefix in the middle of a string', () => {
		const other = new Namespace('learner-b').prefix;
		expect(NS.strip([`${other}a`, `x${P}y`])).toEqual([`${other}a`, `x${P}y`]);
	});

	it('leaves non-string replies unchanged', () => {
		expect(NS.strip(3)).toBe(3);
		expect(NS.strip(null)).toBe(null);
		expect(NS.strip([])).toEqual([]);
	});
});

describe('Namespace.move', () => {
	it('names the index outside every key a learner can address, in the same hash slot', () => {
		expect(NS.indexKey).toBe('sbx:{learner-a}');
		expect(moved(['GET', ''])).toEqual(['GET', 'sbx:{learner-a}:']);
		expect(NS.key('x')).toBe(`${P}x`);
	});

	it('marks the commands that may create keys, so their keys go into the index', () => {
		const indexed = (...argv: string[]) => NS.move(argv).indexed;
		expect(indexed('SET', 'k', 'v')).toBe(true);
		expect(indexed('RENAME', 'a', 'b')).toBe(true);
		expect(indexed('EVALSHA', 'abc', '1', 'k')).toBe(true);
		expect(indexed('GET', 'k')).toBe(false);
		expect(indexed('MGET', 'a', 'b')).toBe(false);
		expect(NS.move(['RENAME', 'a', 'b']).keys).toEqual(['a', 'b']);
	});

	it('moves PUBLISH channels into the namespace', () => {
		expect(moved(['PUBLISH', 'orders', 'hi'])).toEqual(['PUBLISH', `${P}orders`, 'hi']);
	});

	it('reads SCAN options as Redis does, to answer it from the index', () => {
		expect(NS.move(['SCAN', '0']).scan).toEqual({ cursor: '0', match: '*', count: 10, type: null });
		expect(NS.move(['scan', '12', 'match', 'a*', 'COUNT', '5', 'TYPE', 'HASH']).scan).toEqual({
			cursor: '12',
			match: 'a*',
			count: 5,
			type: 'hash'
		});
		expect(NS.move(['GET', 'k']).scan).toBeNull();
		expect(() => NS.move(['SCAN', '0', 'COUNT'])).toThrow('ERR syntax error');
		expect(() => NS.move(['SCAN', '0', 'COUNT', 'x'])).toThrow('ERR value is not an integer');
		expect(() => NS.move(['SCAN', '0', 'COUNT', '0'])).toThrow('ERR syntax error');
		expect(() => NS.move(['SCAN', '0', 'LIMIT', '5'])).toThrow('ERR syntax error');
	});

	it('knows which commands block from the command table', () => {
		expect(NS.move(['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '1']).blocks).toBe(true);
		expect(NS.move(['XREAD', 'BLOCK', '1', 'STREAMS', 's', '$']).blocks).toBe(true);
		expect(NS.move(['XREAD', 'STREAMS', 's', '0']).blocks).toBe(false);
		expect(NS.move(['LMOVE', 'a', 'b', 'LEFT', 'RIGHT']).blocks).toBe(false);
	});
});
