import { blocks as blocksConnection } from '$lib/server/redis/namespace';
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '$lib/server/redis/command-table';
import { keyIndexes } from '$lib/server/redis/keyspec';
import {
	checkCommand,
	CONSOLE_COMMANDS,
	helpFor,
	LIMITS,
	type Verdict
} from '$lib/server/sandbox/console-policy';
import { parseLine } from '$lib/server/sandbox/parse-line';

const check = (line: string): Verdict => checkCommand(parseLine(line)!);

/** The argv the console would send, or a test failure with the refusal. */
function sent(line: string): string[] {
	const verdict = check(line);
	if (!verdict.ok) throw new Error(`refused: ${verdict.reply}`);
	return verdict.argv;
}

/** The refusal, or a test failure. */
function refused(line: string): string {
	const verdict = check(line);
	if (verdict.ok) throw new Error(`allowed: ${verdict.argv.join(' ')}`);
	return verdict.reply;
}

describe('the allowed commands', () => {
	it('all have key positions, arity and flags in the command table (KEYS is emulated)', () => {
		for (const name of CONSOLE_COMMANDS) {
			if (name === 'keys') continue;
			const spec = COMMAND_TABLE[name];
			expect(spec, `${name} is allowed without its key positions`).toBeDefined();
			expect(Number.isInteger(spec!.arity) && spec!.arity !== 0, `${name} arity`).toBe(true);
			expect(Array.isArray(spec!.keySpecs), `${name} key-specs`).toBe(true);
			for (const { begin, find } of spec!.keySpecs) {
				expect(begin, `${name} has keys that cannot be located`).not.toBe('unknown');
				expect(find, `${name} has keys that cannot be located`).not.toBe('unknown');
			}
		}
	});

	it('take keys, except a short list of commands known to take none', () => {
		const keyless = [...CONSOLE_COMMANDS].filter((name) => !COMMAND_TABLE[name]?.keySpecs.length);
		expect(keyless.sort()).toEqual(
			['discard', 'echo', 'exec', 'keys', 'multi', 'ping', 'publish', 'scan', 'time'].sort()
		);
	});

	it('find every key of a sample of commands by position', () => {
		const positions = (line: string) => {
			const argv = parseLine(line)!;
			const { name } = checkCommand(argv) as { name: string };
			return keyIndexes(COMMAND_TABLE[name]!, argv);
		};
		expect(positions('MSET a 1 b 2')).toEqual([1, 3]);
		expect(positions('ZUNIONSTORE d 2 a b WEIGHTS 1 2')).toEqual([1, 3, 4]);
		expect(positions('LMPOP 2 a b LEFT COUNT 2')).toEqual([2, 3]);
		expect(positions('BLMPOP 1 2 a b LEFT')).toEqual([3, 4]);
		expect(positions('XREADGROUP GROUP g c COUNT 1 STREAMS s1 s2 > >')).toEqual([7, 8]);
		expect(positions('OBJECT ENCODING k')).toEqual([2]);
		expect(positions('GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 km')).toEqual([1, 2]);
		expect(positions('BITOP AND d a b')).toEqual([2, 3, 4]);
		expect(positions('EXPIRE k 10')).toEqual([1]);
	});

	it('never include scripting, admin or cross-namespace commands', () => {
		for (const name of [
			'eval',
			'evalsha',
			'fcall',
			'script|load',
			'function',
			'config',
			'flushall',
			'randomkey',
			'dbsize',
			'sort',
			'watch',
			'lcs',
			'dump',
			'restore',
			'subscribe',
			'pubsub'
		]) {
			expect(CONSOLE_COMMANDS.has(name), name).toBe(false);
		}
	});
});

describe('checkCommand: refusals', () => {
	it.each([
		['CONFIG SET maxmemory 1', 'CONFIG', /server administration/],
		['FLUSHALL', 'FLUSHALL', /server administration/],
		['flushdb', 'FLUSHDB', /whole shared database.*Reset my sandbox/],
		['INFO keyspace', 'INFO', /server administration/],
		['DBSIZE', 'DBSIZE', /every learner's keys/],
		['RANDOMKEY', 'RANDOMKEY', /every learner's keys/],
		['AUTH default secret', 'AUTH', /connection's state/],
		['HELLO 3 AUTH default x', 'HELLO', /connection's state/],
		['RESET', 'RESET', /connection's state/],
		['QUIT', 'QUIT', /connection's state/],
		['SELECT 1', 'SELECT', /connection's state/],
		['CLIENT LIST', 'CLIENT', /connection's state/],
		['CLIENT TRACKING on BCAST PREFIX sbx:', 'CLIENT', /connection's state/],
		['WAIT 1 0', 'WAIT', /replicas.*blocks forever/],
		['MOVE k 1', 'MOVE', /another database/],
		['COPY a b DB 0', 'COPY ... DB', /another database/],
		['copy a b REPLACE db 1', 'COPY ... DB', /another database/],
		['EVAL "return 1" 0', 'EVAL', /runs scripts/],
		['EVAL_RO "return 1" 0', 'EVAL_RO', /runs scripts/],
		['EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0', 'EVALSHA', /runs scripts/],
		['SCRIPT LOAD "return 1"', 'SCRIPT', /runs scripts/],
		['SCRIPT FLUSH', 'SCRIPT', /runs scripts/],
		['FUNCTION LIST WITHCODE', 'FUNCTION', /runs scripts/],
		['FCALL f 0', 'FCALL', /runs scripts/],
		['PUBSUB CHANNELS *', 'PUBSUB', /every learner's channels/],
		['SUBSCRIBE news', 'SUBSCRIBE', /keeps a connection listening/],
		['PSUBSCRIBE *', 'PSUBSCRIBE', /keeps a connection listening/],
		['SORT k BY nosort GET *', 'SORT', /BY and GET patterns/],
		['SORT_RO k', 'SORT_RO', /BY and GET patterns/],
		['DEBUG SLEEP 10', 'DEBUG', /server administration/],
		['MONITOR', 'MONITOR', /server administration/],
		['OBJECT HELP', 'OBJECT HELP', /OBJECT ENCODING, OBJECT FREQ/],
		['MEMORY STATS', 'MEMORY STATS', /\(MEMORY USAGE\)/],
		['WATCH k', 'WATCH', /connection of its own/],
		['LCS a b', 'LCS', /busy for seconds/],
		['DUMP k', 'DUMP', /serialized/],
		['ACL LIST', 'ACL', /server administration/],
		['SHUTDOWN NOSAVE', 'SHUTDOWN', /server administration/],
		['SWAPDB 0 1', 'SWAPDB', /server administration/],
		['GEORADIUS k 0 0 1 km', 'GEORADIUS', /not one of the data commands/]
	])('%s: names %s and says why, on one line', (line, label, why) => {
		const reply = refused(line);
		expect(reply.startsWith(`not available in the sandbox: ${label} `)).toBe(true);
		expect(reply).toMatch(why);
		expect(reply).not.toMatch(/[\r\n]/);
	});

	it('allows KEYS (the console answers it from a SCAN of the learner’s keys)', () => {
		expect(check('KEYS *')).toEqual({ ok: true, name: 'keys', argv: ['KEYS', '*'] });
	});

	it('answers an unknown command in Redis’s own words', () => {
		// redis-cli 7.0.15 --no-raw printed each of these (without "(error) ").
		expect(refused('foo')).toBe("ERR unknown command 'foo', with args beginning with: ");
		expect(refused('foo a b')).toBe(
			"ERR unknown command 'foo', with args beginning with: 'a' 'b' "
		);
		expect(refused('foo "a b" c d e f')).toBe(
			"ERR unknown command 'foo', with args beginning with: 'a b' 'c' 'd' 'e' 'f' "
		);
		expect(refused(`foo ${'b'.repeat(200)} c`)).toBe(
			`ERR unknown command 'foo', with args beginning with: '${'b'.repeat(128)}' `
		);
	});

	it('keeps an unknown command’s reply on one line, as Redis does', () => {
		expect(refused('foo "a\\nb" "c\\r\\nd"')).toBe(
			"ERR unknown command 'foo', with args beginning with: 'a b' 'c  d' "
		);
		expect(refused('"GET\\r\\nFLUSHALL"')).toBe(
			"ERR unknown command 'GET  FLUSHALL', with args beginning with: "
		);
	});

	it('does not take look-alike names for commands', () => {
		for (const line of [
			'ＦＬＵＳＨＡＬＬ',
			'FLUSHALL\u200b',
			'\u202eLLAHSULF',
			'"GET " k',
			'GET\u00a0k'
		]) {
			expect(refused(line)).toMatch(/^ERR unknown command /);
		}
	});

	it('checks arity as Redis does, naming the command', () => {
		expect(refused('GET')).toBe("ERR wrong number of arguments for 'get' command");
		expect(refused('GET a b')).toBe("ERR wrong number of arguments for 'get' command");
		expect(refused('HSET h f')).toBe("ERR wrong number of arguments for 'hset' command");
		expect(refused('OBJECT ENCODING')).toBe(
			"ERR wrong number of arguments for 'object|encoding' command"
		);
		expect(sent('HSET h f v g w')).toEqual(['HSET', 'h', 'f', 'v', 'g', 'w']);
	});

	it('accepts command names in any case and sends them as typed', () => {
		expect(sent('gEt k')).toEqual(['gEt', 'k']);
		expect(check('object Encoding k')).toMatchObject({ ok: true, name: 'object|encoding' });
	});
});

describe('checkCommand: limits', () => {
	it(`clamps SRANDMEMBER, HRANDFIELD and ZRANDMEMBER counts to ±${LIMITS.count}`, () => {
		expect(sent('SRANDMEMBER s -30000000')).toEqual(['SRANDMEMBER', 's', `-${LIMITS.count}`]);
		expect(sent('SRANDMEMBER s 30000000')).toEqual(['SRANDMEMBER', 's', `${LIMITS.count}`]);
		expect(sent('HRANDFIELD h -30000000 WITHVALUES')).toEqual([
			'HRANDFIELD',
			'h',
			`-${LIMITS.count}`,
			'WITHVALUES'
		]);
		expect(sent('ZRANDMEMBER z -30000000 WITHSCORES')[2]).toBe(`-${LIMITS.count}`);
		expect(sent('SRANDMEMBER s -5')).toEqual(['SRANDMEMBER', 's', '-5']);
		expect(sent('SRANDMEMBER s')).toEqual(['SRANDMEMBER', 's']);
	});

	it(`clamps SCAN, HSCAN, SSCAN and ZSCAN COUNT to ${LIMITS.count}`, () => {
		expect(sent('SCAN 0 COUNT 100000000')).toEqual(['SCAN', '0', 'COUNT', `${LIMITS.count}`]);
		expect(sent('SCAN 0 count 10 COUNT 99999')).toEqual([
			'SCAN',
			'0',
			'count',
			'10',
			'COUNT',
			`${LIMITS.count}`
		]);
		expect(sent('HSCAN h 0 MATCH COUNT COUNT 99999999')[6]).toBe(`${LIMITS.count}`);
		expect(sent('SSCAN s 0 COUNT 99999999')[4]).toBe(`${LIMITS.count}`);
		expect(sent('ZSCAN z 0 COUNT 99999999')[4]).toBe(`${LIMITS.count}`);
	});

	const max = LIMITS.blockingSeconds;
	it.each([
		['BLPOP k 0', ['BLPOP', 'k', `${max}`]],
		['BLPOP a b 3600', ['BLPOP', 'a', 'b', `${max}`]],
		['BRPOP k -1', ['BRPOP', 'k', `${max}`]],
		['BRPOP k 0.5', ['BRPOP', 'k', '0.5']],
		['BLMOVE a b LEFT RIGHT 0', ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', `${max}`]],
		['BRPOPLPUSH a b 0', ['BRPOPLPUSH', 'a', 'b', `${max}`]],
		['BLMPOP 0 1 k LEFT', ['BLMPOP', `${max}`, '1', 'k', 'LEFT']],
		['BLMPOP 1e9 1 k LEFT', ['BLMPOP', `${max}`, '1', 'k', 'LEFT']],
		['BZPOPMIN z 0', ['BZPOPMIN', 'z', `${max}`]],
		['BZPOPMAX z Infinity', ['BZPOPMAX', 'z', `${max}`]],
		['BZMPOP 0 1 z MIN', ['BZMPOP', `${max}`, '1', 'z', 'MIN']],
		['BZMPOP 1 1 z MIN', ['BZMPOP', '1', '1', 'z', 'MIN']],
		['XREAD BLOCK 0 STREAMS s $', ['XREAD', 'BLOCK', `${max * 1000}`, 'STREAMS', 's', '$']],
		['XREAD COUNT 1 block 99999999 STREAMS s $', ['XREAD', 'COUNT', '1', 'block', `${max * 1000}`, 'STREAMS', 's', '$']],
		['XREAD BLOCK 100 STREAMS s $', ['XREAD', 'BLOCK', '100', 'STREAMS', 's', '$']],
		['XREADGROUP GROUP g c BLOCK 0 STREAMS s >', ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', `${max * 1000}`, 'STREAMS', 's', '>']],
		// A group or consumer named STREAMS or BLOCK must not hide the real BLOCK option.
		['XREADGROUP GROUP STREAMS c BLOCK 0 STREAMS s >', ['XREADGROUP', 'GROUP', 'STREAMS', 'c', 'BLOCK', `${max * 1000}`, 'STREAMS', 's', '>']],
		['XREADGROUP GROUP g STREAMS BLOCK 0 STREAMS s >', ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 'BLOCK', `${max * 1000}`, 'STREAMS', 's', '>']],
		['XREADGROUP BLOCK 0 GROUP BLOCK STREAMS STREAMS s >', ['XREADGROUP', 'BLOCK', `${max * 1000}`, 'GROUP', 'BLOCK', 'STREAMS', 'STREAMS', 's', '>']]
	])('bounds the timeout of %s', (line, argv) => {
		expect(sent(line)).toEqual(argv);
	}); // prettier-ignore

	it('knows which commands block', () => {
		const blocks = (line: string) => {
			const { name, argv } = check(line) as { name: string; argv: string[] };
			return blocksConnection(name, argv);
		};
		for (const line of ['BLPOP k 1', 'BRPOP k 1', 'BLMOVE a b LEFT LEFT 1', 'BRPOPLPUSH a b 1']) {
			expect(blocks(line), line).toBe(true);
		}
		for (const line of ['BLMPOP 1 1 k LEFT', 'BZPOPMIN z 1', 'BZPOPMAX z 1', 'BZMPOP 1 1 z MIN']) {
			expect(blocks(line), line).toBe(true);
		}
		expect(blocks('XREAD BLOCK 1 STREAMS s $')).toBe(true);
		expect(blocks('xreadgroup GROUP g c block 1 STREAMS s >')).toBe(true);
		expect(blocks('XREAD STREAMS s 0')).toBe(false);
		expect(blocks('LPOP k')).toBe(false);
		expect(blocks('GET k')).toBe(false);
	});

	it(`bounds SETRANGE, SETBIT and BITFIELD to strings of ${LIMITS.stringBytes / 1024} KB`, () => {
		const limit = LIMITS.stringBytes;
		expect(refused('SETRANGE k 536870000 x')).toMatch(/^sandbox limit: strings can grow to 512 KB/);
		expect(refused(`SETRANGE k ${limit} x`)).toMatch(/^sandbox limit/);
		expect(sent(`SETRANGE k ${limit - 1} x`)).toEqual(['SETRANGE', 'k', `${limit - 1}`, 'x']);
		expect(refused('SETBIT k 4294967295 1')).toMatch(/^sandbox limit/);
		expect(refused(`SETBIT k ${limit * 8} 1`)).toMatch(/^sandbox limit/);
		expect(sent(`SETBIT k ${limit * 8 - 1} 1`)[2]).toBe(`${limit * 8 - 1}`);
		expect(refused('BITFIELD k SET u8 4294967288 1')).toMatch(/^sandbox limit/);
		expect(refused('BITFIELD k GET u8 0 SET i64 #99999999 1')).toMatch(/^sandbox limit/);
		expect(refused('bitfield k incrby u8 99999999 1')).toMatch(/^sandbox limit/);
		expect(sent('BITFIELD k SET u8 #3 255 GET u8 0')[4]).toBe('#3');
		expect(sent(`BITFIELD k SET u8 ${limit * 8 - 8} 1`)[4]).toBe(`${limit * 8 - 8}`);
	});

	it(`refuses more than ${LIMITS.args} arguments and arguments over ${LIMITS.argBytes / 1024} KB`, () => {
		const many = Array.from({ length: LIMITS.args }, (_, i) => `m${i}`).join(' ');
		expect(refused(`SADD s ${many}`)).toBe(`sandbox limit: at most ${LIMITS.args} arguments`);
		expect(sent(`SADD s ${many.split(' ').slice(2).join(' ')}`)).toHaveLength(LIMITS.args);
		expect(refused(`APPEND k ${'x'.repeat(70 * 1024)}`)).toBe(
			`sandbox limit: an argument may be at most ${LIMITS.argBytes / 1024} KB`
		);
		expect(refused(`SET k ${'é'.repeat(LIMITS.argBytes / 2 + 1)}`)).toMatch(/at most 64 KB/);
		expect(sent(`SET k ${'x'.repeat(LIMITS.argBytes)}`)[2]).toHaveLength(LIMITS.argBytes);
	});
});

describe('helpFor', () => {
	it('gives the summary of an allowed command', () => {
		expect(helpFor(['set'])).toBe('SET: Set the string value of a key');
		expect(helpFor(['ZADD'])).toMatch(/^ZADD: \S/);
		expect(helpFor(['object', 'encoding'])).toBe(
			'OBJECT ENCODING: Inspect the internal encoding of a Redis object'
		);
	});

	it('explains the console without a command, and why a command is refused', () => {
		expect(helpFor([])).toMatch(/help <command>/);
		expect(helpFor(['config'])).toBe(
			'not available in the sandbox: CONFIG is a server administration command'
		);
		expect(helpFor(['nosuch'])).toMatch(/^ERR unknown command 'nosuch'/);
	});
});
