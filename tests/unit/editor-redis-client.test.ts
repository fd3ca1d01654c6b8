import { Command } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { toArguments, transformReply } from '$lib/editor/runtime/redis-client';

/** What ioredis itself sends for a call: its Command's arguments once transformed. */
const ioredisArgs = (name: string, args: unknown[]) =>
	new Command(name, args as string[]).args.map((arg) => String(arg));

describe("the editor's client flattens arguments as ioredis does", () => {
	const cases: [string, unknown[]][] = [
		['set', ['k', 'v', 'EX', 60]],
		['set', ['k', 12.5]],
		['rpush', ['list', ['a', 'b'], 'c']],
		['rpush', ['list', ['a', ['b', 'c']]]],
		['hset', ['h', { name: 'Ada', visits: 3, none: null }]],
		[
			'hset',
			[
				'h',
				new Map<string, unknown>([
					['a', 1],
					['b', 'two']
				])
			]
		],
		['hset', ['h', 'a', 1, 'b', 2]],
		['hmset', ['h', { a: 1 }]],
		['mset', [{ a: 1, b: 2 }]],
		['msetnx', [new Map([['a', 1]])]],
		['mset', ['a', 1, 'b', 2]],
		['evalsha', ['0123', 2, ['k1', 'k2'], 'arg', 7]],
		['zadd', ['z', 1.5, 'm', undefined]]
	];
	it.each(cases)('%s %j', (name, args) => {
		expect(toArguments(name, args)).toEqual(ioredisArgs(name, args));
	});
});

describe("the editor's client transforms replies as ioredis does", () => {
	const transformed = (name: string, reply: unknown) =>
		new Command(name, []).transformReply(reply as Buffer);

	it('HGETALL: the flat list as an object, a field named __proto__ included', () => {
		const reply = ['name', 'Ada', 'visits', '3', '__proto__', 'x'];
		const mine = transformReply('hgetall', reply) as Record<string, unknown>;
		expect(mine).toEqual(transformed('hgetall', reply));
		expect(Object.keys(mine)).toEqual(['name', 'visits', '__proto__']);
		expect(Object.getPrototypeOf(mine)).toBe(Object.prototype);
	});

	it('other replies unchanged, and HGETALL only by its lower-case name (as with ioredis call())', () => {
		for (const [name, reply] of [
			['get', 'v'],
			['lrange', ['a', 'b']],
			['HGETALL', ['a', '1']],
			['incr', 3],
			['get', null]
		] as [string, unknown][]) {
			expect(transformReply(name, reply)).toEqual(transformed(name, reply));
		}
	});
});
