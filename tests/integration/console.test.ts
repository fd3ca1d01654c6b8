import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeRedis } from '$lib/server/redis/connection';
import { hasRedisServer, startEmbeddedRedis } from '$lib/server/redis/embedded';
import { runConsoleLine } from '$lib/server/sandbox/console';
import { consoleRateLimit } from '$lib/server/sandbox/rate-limit';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import { Sandbox } from '$lib/server/sandbox/sandboxes';

const url = inject('redisUrl');
const plain = new Redis(url);
const opened: Sandbox[] = [];
afterAll(async () => {
	for (const sandbox of opened) await sandbox.reset();
	for (const sandbox of opened) sandbox.close();
	plain.disconnect();
	await closeRedis();
});

const newId = () => randomBytes(16).toString('base64url');
function newSandbox() {
	const sandbox = new Sandbox(newId());
	opened.push(sandbox);
	return sandbox;
}

/** The text the console prints for one line. */
const run = async (sandbox: Sandbox, line: string) => (await runConsoleLine(sandbox, line)).reply;

/** Runs lines one after another and returns what each printed. */
async function session(sandbox: Sandbox, lines: string[]): Promise<string[]> {
	const replies: string[] = [];
	for (const line of lines) replies.push(await run(sandbox, line));
	return replies;
}

const seconds = async <T>(work: Promise<T>): Promise<[T, number]> => {
	const started = performance.now();
	const value = await work;
	return [value, (performance.now() - started) / 1000];
};

// Each pair: a line and what `redis-cli --no-raw` 7.0.15 printed for it in a fresh database.
const TRANSCRIPT: [string, string][] = [
	['SET greeting hello', 'OK'],
	['GET greeting', '"hello"'],
	['GET missing', '(nil)'],
	['INCR n', '(integer) 1'],
	['LRANGE nolist 0 -1', '(empty array)'],
	['HSET user name Ada lang en', '(integer) 2'],
	['HGETALL user', '1) "name"\n2) "Ada"\n3) "lang"\n4) "en"'],
	['ZADD board 10 ann 20 bob', '(integer) 2'],
	['ZRANGE board 0 -1 WITHSCORES', '1) "ann"\n2) "10"\n3) "bob"\n4) "20"'],
	['XADD s 1-1 a 1 b 2', '"1-1"'],
	['XADD s 2-1 c 3', '"2-1"'],
	[
		'XRANGE s - +',
		[
			'1) 1) "1-1"',
			'   2) 1) "a"',
			'      2) "1"',
			'      3) "b"',
			'      4) "2"',
			'2) 1) "2-1"',
			'   2) 1) "c"',
			'      2) "3"'
		].join('\n')
	],
	[
		'XREAD COUNT 1 STREAMS s 0',
		[
			'1) 1) "s"',
			'   2) 1) 1) "1-1"',
			'         2) 1) "a"',
			'            2) "1"',
			'            3) "b"',
			'            4) "2"'
		].join('\n')
	],
	['SADD tags x', '(integer) 1'],
	['TYPE tags', 'set'],
	['SET v "a\\"b\\\\c\\n"', 'OK'],
	['GET v', '"a\\"b\\\\c\\n"'],
	['SET j é', 'OK'],
	['GET j', '"\\xc3\\xa9"'],
	['LPUSH l a b c d e f g h i j k', '(integer) 11'],
	[
		'LRANGE l 0 -1',
		' 1) "k"\n 2) "j"\n 3) "i"\n 4) "h"\n 5) "g"\n 6) "f"\n 7) "e"\n 8) "d"\n 9) "c"\n10) "b"\n11) "a"'
	],
	['HGET user nope', '(nil)'],
	['MGET greeting missing', '1) "hello"\n2) (nil)'],
	['GET user', '(error) WRONGTYPE Operation against a key holding the wrong kind of value'],
	['EXPIRE greeting 100', '(integer) 1'],
	['TTL missing', '(integer) -2'],
	['ZSCORE board bob', '"20"'],
	['INCRBYFLOAT f 1.5', '"1.5"'],
	['EXISTS greeting', '(integer) 1'],
	['LPUSH q a b', '(integer) 2'],
	['LMPOP 1 q LEFT', '1) "q"\n2) 1) "b"'],
	['ZADD z 1 m 2 n', '(integer) 2'],
	['ZMPOP 1 z MIN COUNT 2', '1) "z"\n2) 1) 1) "m"\n      2) "1"\n   2) 1) "n"\n      2) "2"'],
	['XGROUP CREATE s g 0', 'OK'],
	['XPENDING s g', '1) (integer) 0\n2) (nil)\n3) (nil)\n4) (nil)'],
	['SET k v GET', '(nil)'],
	['SET k w GET', '"v"'],
	['PING', 'PONG'],
	['PING hi', '"hi"'],
	['ECHO ""', '""'],
	['SETBIT bits 0 1', '(integer) 0'],
	['GET bits', '"\\x80"'],
	['foo a b', "(error) ERR unknown command 'foo', with args beginning with: 'a' 'b' "],
	['GET', "(error) ERR wrong number of arguments for 'get' command"]
];

describe('runConsoleLine prints replies as redis-cli does', () => {
	it('for every reply shape: status, bulk, integer, nil, arrays, nested arrays, errors', async () => {
		const sandbox = newSandbox();
		const printed = await session(
			sandbox,
			TRANSCRIPT.map(([line]) => line)
		);
		printed.forEach((reply, i) => expect(reply, TRANSCRIPT[i]![0]).toBe(TRANSCRIPT[i]![1]));
	});

	const cli = spawnSync('redis-cli', ['--version']).status === 0 && hasRedisServer();
	it.skipIf(!cli)('exactly as the real redis-cli prints the same lines', async () => {
		// redis-cli on a private, empty server of its own; the console in a fresh sandbox.
		const server = await startEmbeddedRedis();
		try {
			const sandbox = newSandbox();
			for (const [line] of TRANSCRIPT) {
				const theirs = spawnSync('redis-cli', ['-p', String(server.port), '--no-raw'], {
					input: `${line}\n`
				});
				expect(await run(sandbox, line), line).toBe(theirs.stdout.toString().replace(/\n$/, ''));
			}
		} finally {
			await server.stop();
		}
	});
});

describe('the learner’s namespace', () => {
	it('puts keys under sbx:{<id>}: in Redis and never shows the prefix', async () => {
		const sandbox = newSandbox();
		const name = `note-${newId()}`;
		expect(await run(sandbox, `SET ${name} hi`)).toBe('OK');
		expect(await plain.get(`sbx:{${sandbox.id}}:${name}`)).toBe('hi');
		expect(await plain.exists(name)).toBe(0);
		const replies = await session(sandbox, [
			`KEYS *`,
			`SCAN 0 COUNT 1000`,
			'RPUSH jobs a',
			'LMPOP 1 jobs LEFT',
			'RPUSH jobs b',
			'BLMPOP 1 1 jobs LEFT',
			'ZADD ranks 1 m',
			'BZPOPMIN ranks 1',
			'XADD events 1-1 a 1',
			'XREAD STREAMS events 0',
			'XREADGROUP GROUP nogroup c STREAMS events >',
			'XINFO STREAM events',
			`RENAME ${name} renamed`,
			'GET renamed'
		]);
		for (const reply of replies) {
			expect(reply).not.toContain(sandbox.id);
			expect(reply).not.toContain('sbx:');
		}
		expect(replies[0]).toBe(`1) "${name}"`);
		expect(replies[3]).toBe('1) "jobs"\n2) 1) "a"');
		expect(replies[5]).toBe('1) "jobs"\n2) 1) "b"');
		expect(replies[7]).toBe('1) "ranks"\n2) "m"\n3) "1"');
		expect(replies[9]).toMatch(/^1\) 1\) "events"\n/);
		expect(replies[10]).toBe(
			"(error) NOGROUP No such key 'events' or consumer group 'nogroup' in XREADGROUP with GROUP option"
		);
		expect(replies[13]).toBe('"hi"');
	});

	it('lets SCAN and KEYS see only the learner’s own keys', async () => {
		const a = newSandbox();
		const b = newSandbox();
		await session(a, ['SET a:1 x', 'SET a:2 x', 'HSET a:h f v']);
		await session(b, ['SET b:1 x', 'HSET b:h f v']);

		expect(await run(a, 'KEYS *')).toBe('1) "a:1"\n2) "a:2"\n3) "a:h"');
		expect(await run(b, 'KEYS *')).toBe('1) "b:1"\n2) "b:h"');
		expect(await run(a, 'KEYS b*')).toBe('(empty array)');
		expect(await run(a, 'KEYS sbx:*')).toBe('(empty array)');

		const scanAll = async (sandbox: Sandbox, options: string) => {
			const found: string[] = [];
			let cursor = '0';
			do {
				const reply = await run(sandbox, `SCAN ${cursor} ${options}`);
				const [, next, rest] = /^1\) "(\d+)"\n2\) ([\s\S]*)$/.exec(reply) ?? [];
				expect(next, reply).toBeDefined();
				found.push(...[...rest!.matchAll(/\d+\) "([^"]*)"/g)].map((m) => m[1]!));
				cursor = next!;
			} while (cursor !== '0');
			return found.sort();
		};
		expect(await scanAll(a, 'COUNT 1000')).toEqual(['a:1', 'a:2', 'a:h']);
		expect(await scanAll(a, 'MATCH * COUNT 1000 TYPE hash')).toEqual(['a:h']);
		expect(await scanAll(a, 'MATCH sbx:* COUNT 1000')).toEqual([]);
		expect(await scanAll(a, 'MATCH b* COUNT 1000')).toEqual([]);
		expect(await scanAll(a, 'MATCH sbx:* MATCH a:? COUNT 1000')).toEqual(['a:1', 'a:2', 'a:h']);
		expect(await scanAll(b, 'COUNT 1000')).toEqual(['b:1', 'b:h']);
	});
});

describe('MULTI ... EXEC', () => {
	it('queues commands and prints EXEC’s replies, each in its own shape', async () => {
		const sandbox = newSandbox();
		expect(
			await session(sandbox, ['MULTI', 'SET a 1', 'INCR a', 'GET a', 'LPUSH a x', 'EXEC'])
		).toEqual([
			'OK',
			'QUEUED',
			'QUEUED',
			'QUEUED',
			'QUEUED',
			'1) OK\n2) (integer) 2\n3) "2"\n' +
				'4) (error) WRONGTYPE Operation against a key holding the wrong kind of value'
		]);
	});

	it('discards the queue on DISCARD', async () => {
		const sandbox = newSandbox();
		expect(await session(sandbox, ['MULTI', 'SET a 1', 'DISCARD', 'GET a'])).toEqual([
			'OK',
			'QUEUED',
			'OK',
			'(nil)'
		]);
	});

	it('aborts with EXECABORT after a refused line, as Redis does after an unknown command', async () => {
		const sandbox = newSandbox();
		const replies = await session(sandbox, ['MULTI', 'SET a 1', 'CONFIG SET maxmemory 1', 'EXEC']);
		expect(replies[2]).toMatch(/^\(error\) not available in the sandbox: CONFIG/);
		expect(replies[3]).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
		expect(await run(sandbox, 'GET a')).toBe('(nil)');
		for (const bad of ['foo', 'GET', 'LMPOP x k LEFT', 'MULTI x']) {
			const [, , refused, exec] = await session(sandbox, ['MULTI', 'SET a 1', bad, 'EXEC']);
			expect(refused, bad).toMatch(/^\(error\) /);
			expect(exec, bad).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
		}
		expect(await run(sandbox, 'GET a')).toBe('(nil)');
	});

	it('answers nesting and EXEC/DISCARD without MULTI as Redis does', async () => {
		const sandbox = newSandbox();
		expect(
			await session(sandbox, ['EXEC', 'DISCARD', 'MULTI', 'MULTI', 'SET a 1', 'EXEC', 'GET a'])
		).toEqual([
			'(error) ERR EXEC without MULTI',
			'(error) ERR DISCARD without MULTI',
			'OK',
			'(error) ERR MULTI calls can not be nested',
			'QUEUED',
			'1) OK',
			'"1"'
		]);
		expect(await session(sandbox, ['MULTI', 'EXEC'])).toEqual(['OK', '(empty array)']);
	});

	it(`bounds the queue at ${LIMITS.multiQueue} commands`, async () => {
		const sandbox = newSandbox();
		const lines = ['MULTI', ...Array.from({ length: LIMITS.multiQueue + 1 }, () => 'INCR c')];
		const replies = await session(sandbox, [...lines, 'EXEC', 'GET c']);
		expect(replies[LIMITS.multiQueue]).toBe('QUEUED');
		expect(replies[LIMITS.multiQueue + 1]).toBe(
			`(error) sandbox limit: at most ${LIMITS.multiQueue} commands in a MULTI`
		);
		expect(replies.at(-2)).toMatch(/^\(error\) EXECABORT/);
		expect(replies.at(-1)).toBe('(nil)');
	});
});

describe('blocking commands', () => {
	const max = LIMITS.blockingSeconds;

	it(`wait at most ${max} s for a timeout of 0; a learner's next line waits its turn`, async () => {
		const sandbox = newSandbox();
		const other = newSandbox();
		const first = seconds(run(sandbox, 'BLPOP nothing 0'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		// Lines of one learner run in order, as on one redis-cli connection.
		const next = seconds(run(sandbox, 'SET after 1'));
		const [otherReply, otherTook] = await seconds(run(other, 'BLPOP nothing 0.2'));
		expect(otherReply).toBe('(nil)'); // another learner is not held up
		expect(otherTook).toBeLessThan(1);
		const [reply, took] = await first;
		expect(reply).toBe('(nil)');
		expect(took).toBeGreaterThan(max - 0.5);
		expect(took).toBeLessThan(5);
		const [nextReply, nextTook] = await next;
		expect(nextReply).toBe('OK');
		expect(nextTook).toBeGreaterThan(max - 0.6);
	});

	it('wake up when something else pushes, with the key shown without the prefix', async () => {
		const sandbox = newSandbox();
		const waiting = seconds(run(sandbox, 'BLPOP jobs 0'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		// A producer outside this console (a demo, another app) pushes into the learner's list.
		expect(await plain.rpush(`${sandbox.prefix}jobs`, 'x')).toBe(1);
		const [reply, took] = await waiting;
		expect(reply).toBe('1) "jobs"\n2) "x"');
		expect(took).toBeLessThan(2);
	});

	it('cannot hide BLOCK 0 behind a group named STREAMS', async () => {
		const sandbox = newSandbox();
		await session(sandbox, ['XADD st 1-1 a 1', 'XGROUP CREATE st STREAMS $']);
		const [reply, took] = await seconds(
			run(sandbox, 'XREADGROUP GROUP STREAMS c BLOCK 0 STREAMS st >')
		);
		expect(reply).toBe('(nil)');
		expect(took).toBeLessThan(5);
	});
});

describe("the learner's own connection", () => {
	it('losing it (say, to an overflowing reply) harms nobody else, and the next line reconnects', async () => {
		const victim = newSandbox();
		const bystander = newSandbox();
		expect(await run(victim, 'SET k 1')).toBe('OK');
		expect(await run(bystander, 'SET k 2')).toBe('OK');
		// Redis drops a client whose output buffer overflows; drop the victim's the same way.
		const clients = (await plain.call('CLIENT', 'LIST')) as string;
		const consoles = clients.split('\n').filter((line) => line.includes('name=course-console'));
		expect(consoles.length).toBeGreaterThanOrEqual(2); // one per learner, not one for all
		const victimConnection = await victim.consoleConnection();
		const id = await victimConnection.client('ID');
		await plain.call('CLIENT', 'KILL', 'ID', String(id));
		expect(await run(bystander, 'GET k')).toBe('"2"');
		expect(await run(victim, 'GET k')).toBe('"1"');
	});
});

describe('the memory quota', () => {
	it('refuses growth once the learner’s keys pass the quota, and DEL frees it', async () => {
		const sandbox = newSandbox();
		const chunk = 'x'.repeat(60 * 1024);
		let writes = 0;
		while ((await run(sandbox, `SET big:${writes} ${chunk}`)) === 'OK') writes++;
		const used = async () => {
			let bytes = 0;
			for (let i = 0; i < writes; i++) {
				bytes += (await plain.memory('USAGE', `sbx:{${sandbox.id}}:big:${i}`)) ?? 0;
			}
			return bytes;
		};
		// Refused once over the quota; the write that crossed it went through.
		expect(await used()).toBeGreaterThan(LIMITS.memoryBytes);
		expect(await used()).toBeLessThan(LIMITS.memoryBytes + 2 * chunk.length);
		const refused = await runConsoleLine(sandbox, 'SET one:more x');
		expect(refused.error).toBe(true);
		expect(refused.reply).toMatch(/^\(error\) sandbox quota: your keys may use 2 MB/);
		expect(refused.reply).not.toContain('\n');
		expect(await run(sandbox, 'APPEND big:0 x')).toMatch(/sandbox quota/);
		expect(await run(sandbox, 'STRLEN big:0')).toBe(`(integer) ${chunk.length}`); // reads still work
		expect(await run(sandbox, 'EXISTS one:more')).toBe('(integer) 0');

		const names = Array.from({ length: writes }, (_, i) => `big:${i}`).join(' ');
		expect(await run(sandbox, `DEL ${names}`)).toBe(`(integer) ${writes}`);
		expect(await run(sandbox, 'SET one:more x')).toBe('OK');
	});
});

describe('PUBLISH', () => {
	it('publishes on the learner’s prefixed channel only', async () => {
		const sandbox = newSandbox();
		const prefixed = new Redis(url);
		const bare = new Redis(url);
		const heard: string[] = [];
		prefixed.on('message', (channel: string, message: string) =>
			heard.push(`${channel} ${message}`)
		);
		bare.on('message', (channel: string, message: string) => heard.push(`bare ${message}`));
		try {
			await prefixed.subscribe(`sbx:{${sandbox.id}}:ch`);
			await bare.subscribe('ch');
			expect(await run(sandbox, 'PUBLISH ch hello')).toBe('(integer) 1');
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(heard).toEqual([`sbx:{${sandbox.id}}:ch hello`]);
		} finally {
			prefixed.disconnect();
			bare.disconnect();
		}
	});
});

describe('the console itself', () => {
	it('answers help without sending anything', async () => {
		const sandbox = newSandbox();
		expect(await runConsoleLine(sandbox, 'help')).toEqual({
			reply: expect.stringMatching(/help <command>/),
			error: false
		});
		expect(await run(sandbox, 'help set')).toBe('SET: Set the string value of a key');
		expect(await run(sandbox, 'HELP object encoding')).toBe(
			'OBJECT ENCODING: Inspect the internal encoding of a Redis object'
		);
		expect(await run(sandbox, 'help flushall')).toBe(
			'not available in the sandbox: FLUSHALL is a server administration command'
		);
	});

	it('answers an empty line with nothing, and refuses lines it cannot send', async () => {
		const sandbox = newSandbox();
		expect(await runConsoleLine(sandbox, '   ')).toEqual({ reply: '', error: false });
		// redis-cli prints this one bare; the console marks every refusal as an (error).
		expect(await runConsoleLine(sandbox, 'GET "x')).toEqual({
			reply: '(error) Invalid argument(s)',
			error: true
		});
		expect(await run(sandbox, 'SET k "\\xff\\xf0"')).toMatch(
			/^\(error\) the console sends text: \\xHH escapes must spell UTF-8/
		);
		expect(await run(sandbox, `ECHO ${'a'.repeat(LIMITS.lineChars)}`)).toBe(
			`(error) sandbox limit: a line may be at most ${LIMITS.lineChars} characters`
		);
		expect(await run(sandbox, 'SET k "\\xc3\\xa9"')).toBe('OK');
		expect(await plain.getBuffer(`sbx:{${sandbox.id}}:k`)).toEqual(Buffer.from('é'));
	});

	it(`allows ${LIMITS.linesPerWindow} lines per ${LIMITS.windowSeconds} s, then refuses`, async () => {
		const sandbox = newSandbox();
		for (let i = 1; i <= LIMITS.linesPerWindow; i++) {
			const verdict = await consoleRateLimit(sandbox.id);
			expect(verdict.allowed, `line ${i}`).toBe(true);
			expect(verdict.remaining).toBe(LIMITS.linesPerWindow - i);
		}
		const over = await consoleRateLimit(sandbox.id);
		expect(over).toMatchObject({ allowed: false, remaining: 0, limit: LIMITS.linesPerWindow });
		expect(over.resetMs).toBeGreaterThan(0);
		expect(over.resetMs).toBeLessThanOrEqual(LIMITS.windowSeconds * 1000);
		expect((await consoleRateLimit(newSandbox().id)).allowed).toBe(true); // per learner
		await plain.del(`course:{${sandbox.id}}:console-rate`);
	});
});
