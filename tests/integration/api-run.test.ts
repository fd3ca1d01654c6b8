import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it, onTestFinished, vi } from 'vitest';
import { isDeepStrictEqual as isEqual } from 'node:util';
import type { RunRequest, RunResponse } from '$lib/editor/protocol';
import { courseScript, courseScriptShas } from '$lib/server/pattern-support/course-scripts';
import { formatReply, isStatusReply } from '$lib/server/redis/reply-format';
import { scanCommand } from '$lib/server/redis/key-index';
import { Namespace } from '$lib/server/redis/namespace';
import { acquireLock, releaseLock } from '$lib/server/patterns/lock';
import { closeRedis, REDIS_UNAVAILABLE, RedisUnavailableError } from '$lib/server/redis/connection';
import { labServersRunning, MAX_LAB_SERVERS } from '$lib/server/redis/labs';
import { OWN_LUA } from '$lib/server/sandbox/channel-policy';
import {
	BATCH_BUSY,
	BatchBusyError,
	COURSE_SCRIPT_NOT_LOADED,
	MAX_PENDING_BATCHES,
	runBatch
} from '$lib/server/sandbox/command-channel';
import { CHANNEL_FAILED, failureAnswer } from '$lib/server/sandbox/channel-answers';
import { NO_LEARNER } from '$lib/server/sandbox/learner';
import { quotaMessage, runConsoleLine } from '$lib/server/sandbox/console';
import { LIMITS } from '$lib/server/sandbox/console-policy';
import {
	hasLabSession,
	LAB_IDLE_MS,
	labSession,
	SCRIPT_LIMIT_MS,
	setLabSessionLimits
} from '$lib/server/sandbox/lab-session';
import { RUN_BUDGET } from '$lib/server/sandbox/run-budget';
import { parseLine } from '$lib/server/sandbox/parse-line';
import { ConsoleCapError, sandboxOf } from '$lib/server/sandbox/sandboxes';
import { POST } from '../../src/routes/api/run/+server';
import { hostileSuite, type LineSender } from './hostile-suite';

const execFileAsync = promisify(execFile);
const plain = new Redis(inject('redisUrl'));
const learners: string[] = [];
afterAll(async () => {
	for (const id of learners) await sandboxOf(id).reset();
	plain.disconnect();
	await closeRedis();
});

function newLearner() {
	const id = randomBytes(16).toString('base64url');
	learners.push(id);
	return id;
}

/** The endpoint called as SvelteKit calls it, for a learner whose cookie the hook has read. */
async function post(
	learnerId: string,
	body: string,
	headers: Record<string, string> = {},
	newLearner = false
) {
	const request = new Request('http://localhost/api/run', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body
	});
	const locals = { learnerId, slowDbMs: 0, newLearner };
	const response = await POST({ request, locals } as never);
	return { status: response.status, headers: response.headers, json: await response.json() };
}

/** A batch that must be answered 200: its replies and trace. */
async function run(learnerId: string, request: RunRequest): Promise<RunResponse> {
	const { status, json } = await post(learnerId, JSON.stringify(request));
	expect(status, JSON.stringify(json)).toBe(200);
	return json as RunResponse;
}

const prefixOf = (id: string) => `sbx:{${id}}:`;

/** MEMORY USAGE of every key in the learner's namespace, added up. */
async function memoryOf(id: string): Promise<number> {
	const keys = await plain.keys(`${prefixOf(id).replace(/[{}]/g, '\\$&')}*`);
	let bytes = 0;
	for (const key of keys) bytes += Number(await plain.memory('USAGE', key));
	return bytes;
}
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('POST /api/run on the shared Redis', () => {
	it('answers each command with its reply as JSON, and a trace like a demo’s', async () => {
		const id = newLearner();
		const { replies, trace } = await run(id, {
			commands: [
				['SET', 'greeting', 'héllo', 'EX', '60'],
				['GET', 'greeting'],
				['INCR', 'visits'],
				['HSET', 'card', 'name', 'Ada', 'city', 'Lyon'],
				['HGETALL', 'card'],
				['GET', 'missing'],
				['LRANGE', 'nothing', '0', '-1'],
				['TTL', 'greeting']
			]
		});
		expect(replies).toEqual(['OK', 'héllo', 1, 2, ['name', 'Ada', 'city', 'Lyon'], null, [], 60]);
		expect(trace.map(({ cmd, args, reply, batch }) => ({ cmd, args, reply, batch }))).toEqual([
			{ cmd: 'SET', args: ['greeting', 'héllo', 'EX', '60'], reply: 'OK', batch: 'pipeline' },
			{ cmd: 'GET', args: ['greeting'], reply: '"h\\xc3\\xa9llo"', batch: 'pipeline' },
			{ cmd: 'INCR', args: ['visits'], reply: '(integer) 1', batch: 'pipeline' },
			{
				cmd: 'HSET',
				args: ['card', 'name', 'Ada', 'city', 'Lyon'],
				reply: '(integer) 2',
				batch: 'pipeline'
			},
			{
				cmd: 'HGETALL',
				args: ['card'],
				reply: '1) "name"\n2) "Ada"\n3) "city"\n4) "Lyon"',
				batch: 'pipeline'
			},
			{ cmd: 'GET', args: ['missing'], reply: '(nil)', batch: 'pipeline' },
			{ cmd: 'LRANGE', args: ['nothing', '0', '-1'], reply: '(empty array)', batch: 'pipeline' },
			{ cmd: 'TTL', args: ['greeting'], reply: '(integer) 60', batch: 'pipeline' }
		]);
		for (const entry of trace) expect(entry.ms).toBeGreaterThanOrEqual(0);
		// One command is sent as a demo sends one: no batch.
		const one = await run(id, { commands: [['GET', 'greeting']] });
		expect(one).toMatchObject({
			replies: ['héllo'],
			trace: [{ cmd: 'GET', reply: '"h\\xc3\\xa9llo"' }]
		});
		expect(one.trace[0]!.batch).toBeUndefined();
	});

	it('moves keys and channels into the learner’s namespace, and shows them bare', async () => {
		const id = newLearner();
		const other = newLearner();
		await run(other, { commands: [['SET', 'shared-name', 'the other learner’s']] });
		const listener = new Redis(inject('redisUrl'));
		const heard: string[] = [];
		listener.on('message', (channel: string, message: string) =>
			heard.push(`${channel} ${message}`)
		);
		await listener.subscribe(`${prefixOf(id)}news`);
		const { replies, trace } = await run(id, {
			commands: [
				['SET', 'shared-name', 'mine'],
				['RENAME', 'shared-name', 'renamed'],
				['PUBLISH', 'news', 'hello'],
				['SCAN', '0'],
				['KEYS', '*']
			]
		});
		listener.disconnect();
		expect(replies).toEqual(['OK', 'OK', 1, ['0', ['renamed']], ['renamed']]);
		expect(heard).toEqual([`${prefixOf(id)}news hello`]);
		expect(await plain.get(`${prefixOf(id)}renamed`)).toBe('mine');
		expect(await plain.get(`${prefixOf(other)}shared-name`)).toBe('the other learner’s');
		expect(await plain.exists('renamed', 'shared-name')).toBe(0);
		// The learner's key index learned the key in the same round trip.
		expect(await plain.sismember(`sbx:{${id}}`, 'renamed')).toBe(1);
		expect(JSON.stringify(trace)).not.toContain('sbx:');
		expect(trace.map((entry) => entry.cmd)).toEqual(['SET', 'RENAME', 'PUBLISH', 'SCAN', 'KEYS']);
		expect(trace.at(-1)!.reply).toBe('1) "renamed"');
	});

	it('answers a refused command in its place with the console’s reason, and runs the rest', async () => {
		const id = newLearner();
		const sandbox = sandboxOf(id);
		const { replies, trace } = await run(id, {
			commands: [
				['SET', 'a', '1'],
				['FLUSHALL'],
				['CONFIG', 'SET', 'maxmemory', '1'],
				['GET', 'a'],
				['SET', 'a', 'x'.repeat(64 * 1024 + 1)]
			]
		});
		const consoleSays = async (line: string) =>
			(await runConsoleLine(sandbox, line)).reply.replace(/^\(error\) /, '');
		expect(replies).toEqual([
			'OK',
			{ error: await consoleSays('FLUSHALL') },
			{ error: await consoleSays('CONFIG SET maxmemory 1') },
			'1',
			{ error: 'sandbox limit: an argument may be at most 64 KB' }
		]);
		expect(replies[1]).toEqual({
			error: 'not available in the sandbox: FLUSHALL is a server administration command'
		});
		expect(trace.map((entry) => entry.cmd)).toEqual(['SET', 'FLUSHALL', 'CONFIG', 'GET', 'SET']);
		for (const i of [1, 2, 4]) {
			expect(trace[i]!.reply).toBe(`(error) ${(replies[i] as { error: string }).error}`);
		}
		expect(await plain.dbsize()).toBeGreaterThan(0);
	});

	it('holds the learner to the console’s quota', async () => {
		const id = newLearner();
		const value = 'x'.repeat(60 * 1024);
		const quotaKeys = Math.ceil(LIMITS.memoryBytes / value.length);
		let written = 0;
		let refusal: RunResponse['replies'][number] | undefined = 'OK';
		while (refusal === 'OK' && written <= quotaKeys + 1) {
			[refusal] = (await run(id, { commands: [['SET', `big:${written}`, value]] })).replies;
			if (refusal === 'OK') written++;
		}
		expect(refusal).toEqual({ error: quotaMessage() });
		// The write that crosses the line succeeds (MEMORY USAGE counts a little more than the value).
		expect(written).toBeGreaterThan(quotaKeys * 0.8);
		expect(written).toBeLessThanOrEqual(quotaKeys + 1);
		expect(await plain.exists(`${prefixOf(id)}big:${written}`)).toBe(0);
		const { replies } = await run(id, {
			commands: [
				['GET', 'big:0'],
				['DEL', 'big:0', 'big:1']
			]
		});
		expect(replies).toEqual([value, 2]); // reads and deletes still run
		expect((await run(id, { commands: [['SET', 'small', 'x']] })).replies).toEqual(['OK']);
	});

	it('refuses in place the commands of one batch that would take the learner past the quota', async () => {
		const id = newLearner();
		const commands = Array.from({ length: 50 }, (_, i) => ['SETRANGE', `k${i}`, '524287', 'x']);
		const { replies } = await run(id, { commands });
		const sent = replies.filter((reply) => reply === 524288).length;
		expect(sent).toBeGreaterThan(0);
		expect(replies.slice(sent)).toEqual(replies.slice(sent).map(() => ({ error: quotaMessage() })));
		expect(await plain.exists(`${prefixOf(id)}k${sent}`)).toBe(0);
		expect(await memoryOf(id)).toBeLessThanOrEqual(LIMITS.memoryBytes);
	});

	it('refuses what needs a connection of its own, with one line saying so', async () => {
		const id = newLearner();
		const { replies } = await run(id, {
			commands: [
				['BLPOP', 'jobs', '1'],
				['XREAD', 'BLOCK', '100', 'STREAMS', 's', '$'],
				['WATCH', 'a'],
				['SUBSCRIBE', 'news'],
				['MULTI'],
				['EXEC'],
				['XREAD', 'STREAMS', 's', '0']
			]
		});
		const errors = replies.slice(0, 6).map((reply) => (reply as { error: string }).error);
		for (const error of errors.slice(0, 4)) expect(error).toMatch(/no connection of its own/);
		for (const error of errors.slice(4)) expect(error).toMatch(/"atomic": true/);
		for (const error of errors) expect(error).toMatch(/^not available in the sandbox: [^\n]+$/);
		expect(replies[6]).toBeNull();
	});

	it('answers Redis’s own errors in place, without the namespace', async () => {
		const id = newLearner();
		const { replies, trace } = await run(id, {
			commands: [
				['SET', 'text', 'x'],
				['LPUSH', 'text', 'y'],
				['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'no-stream', '>'],
				['INCR', 'text']
			]
		});
		expect(replies[1]).toEqual({
			error: 'WRONGTYPE Operation against a key holding the wrong kind of value'
		});
		const nogroup = (replies[2] as { error: string }).error;
		expect(nogroup).toMatch(/^NOGROUP .*no-stream/);
		expect(nogroup).not.toContain('sbx:');
		expect(JSON.stringify(trace)).not.toContain('sbx:');
		expect(replies[3]).toEqual({ error: 'ERR value is not an integer or out of range' });
	});

	it('runs an atomic batch as one MULTI ... EXEC, replies in order', async () => {
		const id = newLearner();
		const { replies, trace } = await run(id, {
			atomic: true,
			commands: [
				['SET', 'counter', '0'],
				['INCR', 'counter'],
				['INCR', 'counter'],
				['LPUSH', 'counter', 'x'],
				['GET', 'counter']
			]
		});
		expect(replies).toEqual([
			'OK',
			1,
			2,
			{ error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
			'2'
		]);
		expect(trace.map((entry) => [entry.cmd, entry.batch])).toEqual([
			['MULTI', 'multi'],
			['SET', 'multi'],
			['INCR', 'multi'],
			['INCR', 'multi'],
			['LPUSH', 'multi'],
			['GET', 'multi'],
			['EXEC', 'multi']
		]);
		expect(trace.at(-1)!.reply).toMatch(
			/^1\) OK\n2\) \(integer\) 1\n3\) \(integer\) 2\n4\) \(error\) WRONGTYPE/
		);
	});

	it('keeps an atomic batch inside the namespace too', async () => {
		const victim = newLearner();
		const attacker = newLearner();
		await run(victim, { commands: [['SET', 'secret', 'victim-value']] });
		const full = `${prefixOf(victim)}secret`;
		const { replies, trace } = await run(attacker, {
			atomic: true,
			commands: [
				['GET', full],
				['DEL', full],
				['EXISTS', 'secret'],
				['COPY', full, 'mine'],
				['GET', 'mine']
			]
		});
		expect(replies).toEqual([null, 0, 0, 0, null]);
		expect(await plain.get(full)).toBe('victim-value');
		expect(JSON.stringify(trace)).not.toContain('victim-value');
	});

	it('sends nothing of an atomic batch with a refused command: every reply an error', async () => {
		const id = newLearner();
		const { replies, trace } = await run(id, {
			atomic: true,
			commands: [['SET', 'first', '1'], ['FLUSHALL'], ['SET', 'second', '2'], ['KEYS', '*']]
		});
		const EXECABORT = { error: 'EXECABORT Transaction discarded because of previous errors.' };
		expect(replies).toEqual([
			EXECABORT,
			{ error: 'not available in the sandbox: FLUSHALL is a server administration command' },
			EXECABORT,
			{ error: 'not available in the sandbox: KEYS inside MULTI' }
		]);
		expect(await plain.exists(`${prefixOf(id)}first`, `${prefixOf(id)}second`)).toBe(0);
		expect(trace.map((entry) => entry.cmd)).toEqual(['FLUSHALL', 'KEYS']);
	});
});

/** HGETALL read by redis-cli, which prints Redis’s own reply: one field or value a line. */
async function redisCliHgetall(key: string): Promise<string[]> {
	const { stdout } = await execFileAsync('redis-cli', [
		'-u',
		inject('redisUrl'),
		'--raw',
		'HGETALL',
		key
	]);
	return stdout.split('\n').slice(0, -1);
}

describe('replies as Redis sent them', () => {
	// Integer-like field names: a JS object would put `1` and `2` first, whatever Redis's order.
	const fields = ['HSET', 'h', '2', 'a', '1', 'b', 'x', 'c'];

	it('answers HGETALL as Redis’s flat list, in Redis’s order, alone, in a pipeline and in a MULTI', async () => {
		const id = newLearner();
		await run(id, { commands: [fields] });
		const sent = await redisCliHgetall(`${prefixOf(id)}h`);
		expect(sent).toHaveLength(6);
		expect(sent).not.toEqual(['1', 'b', '2', 'a', 'x', 'c']); // else the test could not fail
		expect((await run(id, { commands: [['HGETALL', 'h']] })).replies).toEqual([sent]);
		const piped = await run(id, {
			commands: [
				['HGETALL', 'h'],
				['HLEN', 'h']
			]
		});
		expect(piped.replies).toEqual([sent, 3]);
		expect(piped.trace[0]!.reply).toBe(formatReply(sent));
		const atomic = await run(id, {
			atomic: true,
			commands: [
				['HGETALL', 'h'],
				['HLEN', 'h']
			]
		});
		expect(atomic.replies).toEqual([sent, 3]);
	});

	it('answers HGETALL on a lab as Redis sent it too', async () => {
		const id = newLearner();
		onTestFinished(() => run(id, { lab: true, end: true, commands: [] }).then(() => {}));
		const { replies } = await run(id, {
			lab: true,
			commands: [
				fields,
				['HGETALL', 'h'],
				['EVAL', "return redis.call('HGETALL', KEYS[1])", '1', 'h']
			]
		});
		expect(replies[0]).toBe(3);
		expect(replies[2]).toEqual(replies[1]);
		const session = await labSession(id);
		expect(await session.lab.redis.hgetall('h')).toEqual({ 1: 'b', 2: 'a', x: 'c' });
		const onLab = session.lab.redis.options as { port: number };
		const { stdout } = await execFileAsync('redis-cli', [
			'-p',
			String(onLab.port),
			'--raw',
			'HGETALL',
			'h'
		]);
		expect(replies[1]).toEqual(stdout.split('\n').slice(0, -1));
	});

	it('leaves the demos ioredis’s shape: HGETALL an object, on the same traced client', async () => {
		const id = newLearner();
		await run(id, { commands: [fields] });
		const request = await sandboxOf(id).request();
		onTestFinished(() => request.close());
		const object = await request.ctx.redis.hgetall('h');
		expect(object).toEqual({ 1: 'b', 2: 'a', x: 'c' });
		expect(Object.keys(object)).toEqual(['1', '2', 'x']);
	});
});

describe('the course’s Lua scripts on the shared Redis', () => {
	/** The SHA the lock pattern's release really sends, read from its trace. */
	async function releaseSha(): Promise<string> {
		const sandbox = sandboxOf(newLearner());
		const request = await sandbox.request();
		const lock = await acquireLock(request.ctx, 'report', 'worker-a', 5000);
		expect(lock).not.toBeNull();
		await releaseLock(request.ctx, lock!);
		await request.close();
		const sent = request.trace.filter((entry) => entry.cmd === 'EVALSHA').at(-1)!;
		return sent.args[0]!;
	}

	it('lists the lock release script among the course’s scripts', async () => {
		const sha = await releaseSha();
		expect(courseScriptShas()).toContain(sha);
		expect(courseScriptShas().length).toBeGreaterThan(10);
	});

	it('runs EVALSHA of a course script with its keys in the namespace, loading it when needed', async () => {
		const sha = await releaseSha();
		const id = newLearner();
		/**
		 * `request` run right after a SCRIPT FLUSH (as after a restart: the server knows no
		 * script). Other test files share this Redis and may load the script in between: then the
		 * run finds it and loads nothing, so the FLUSH and the run are tried again, a few times.
		 */
		async function afterFlush(request: RunRequest) {
			let answer: RunResponse;
			for (let attempt = 0; attempt < 5; attempt++) {
				await plain.script('FLUSH');
				answer = await run(id, request);
				if (answer.trace.some((entry) => entry.cmd === 'SCRIPT')) break; // it loaded the script
			}
			return answer!;
		}
		const { replies, trace } = await afterFlush({
			commands: [['EVALSHA', sha, '1', 'lock:report', 'token-1']]
		});
		expect(replies).toEqual([0]);
		expect(trace.map((entry) => entry.cmd)).toEqual(['EVALSHA', 'SCRIPT', 'EVALSHA']);
		expect(trace[0]!.reply).toMatch(/^\(error\) NOSCRIPT/);
		const batch = await afterFlush({
			commands: [
				['SET', 'lock:report', 'token-1', 'PX', '10000'],
				['EVALSHA', sha, '1', 'lock:report', 'token-1'],
				['EXISTS', 'lock:report']
			]
		});
		expect(batch.replies).toEqual(['OK', 1, 0]);
		expect(batch.trace.map((entry) => entry.cmd)).toEqual(['SCRIPT', 'SET', 'EVALSHA', 'EXISTS']);
		await plain.set(`${prefixOf(id)}lock:report`, 'token-2');
		const atomic = await run(id, {
			atomic: true,
			commands: [['EVALSHA', sha, '1', 'lock:report', 'token-2']]
		});
		expect(atomic.replies).toEqual([1]);
		expect(await plain.exists(`${prefixOf(id)}lock:report`)).toBe(0);
	});

	it('answers a course script whose SCRIPT LOAD failed with the load’s reason, never success', async () => {
		const sha = await releaseSha();
		const id = newLearner();
		onTestFinished(() => run(id, { lab: true, end: true, commands: [] }).then(() => {}));
		await run(id, { lab: true, commands: [['PING']] });
		const { lab } = await labSession(id);
		await lab.redis.acl('SETUSER', 'default', '-script|load'); // the load the channel adds fails
		const batch = [
			['SET', 'lock:report', 'token-1'],
			['EVALSHA', sha, '1', 'lock:report', 'token-1'],
			['GET', 'lock:report']
		];
		const failed = await run(id, { lab: true, commands: batch });
		expect(failed.trace.map((entry) => entry.cmd)).toEqual(['SCRIPT', 'SET', 'EVALSHA', 'GET']);
		expect(failed.trace[0]!.reply).toMatch(/^\(error\) NOPERM/);
		expect(failed.replies).toEqual([
			'OK',
			{ error: expect.stringMatching(new RegExp(`^${COURSE_SCRIPT_NOT_LOADED}: NOPERM`)) },
			'token-1' // the release did not run
		]);
		const atomic = await run(id, { lab: true, atomic: true, commands: batch });
		expect(atomic.replies).toEqual([
			{ error: expect.stringMatching(/^EXECABORT/) },
			{ error: expect.stringMatching(/^EXECABORT/) },
			{ error: expect.stringMatching(/^EXECABORT/) }
		]);
		// A server that has the script already runs it: the failed load does not hide what it did.
		await lab.redis.acl('SETUSER', 'default', '+script|load');
		await lab.redis.script('LOAD', courseScript(sha)!.source);
		await lab.redis.acl('SETUSER', 'default', '-script|load');
		const ran = await run(id, { lab: true, commands: batch });
		expect(ran.trace[0]!.reply).toMatch(/^\(error\) NOPERM/);
		expect(ran.replies).toEqual(['OK', 1, null]);
	});

	it('runs EVAL of a course script’s source as its EVALSHA', async () => {
		const sha = await releaseSha();
		const source = courseScript(sha)!.source;
		const id = newLearner();
		await plain.set(`${prefixOf(id)}lock:a`, 't');
		const { replies, trace } = await run(id, {
			commands: [['EVAL', source, '1', 'lock:a', 't']]
		});
		expect(replies).toEqual([1]);
		expect(trace.at(-1)).toMatchObject({ cmd: 'EVALSHA', args: [sha, '1', 'lock:a', 't'] });
	});

	it('holds a course script to the quota: the sliding log grows no key past it', async () => {
		const sha = courseScriptShas().find((s) =>
			courseScript(s)!.source.includes('ZREMRANGEBYSCORE')
		)!;
		expect(courseScript(sha)!.source).toContain("redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])");
		const id = newLearner();
		const member = (i: number) => `${i}-${'m'.repeat(60 * 1024)}`;
		let refused = false;
		for (let i = 0; i < 60 && !refused; i++) {
			const command = ['EVALSHA', sha, '1', 'log', '100000', '600000', String(i), member(i)];
			const [reply] = (await run(id, { commands: [command] })).replies;
			refused = isEqual(reply, { error: quotaMessage() });
		}
		expect(refused).toBe(true);
		expect(await memoryOf(id)).toBeLessThanOrEqual(LIMITS.memoryBytes + 64 * 1024);
	});

	it('refuses the key index’s own SCAN script by its SHA in any case', async () => {
		const scanSha = scanCommand(new Namespace('-'), {
			cursor: '0',
			match: '*',
			count: 1,
			type: null
		})[1]!;
		const id = newLearner();
		const other = newLearner();
		await run(other, { commands: [['SET', 'secret', '1']] });
		const { replies } = await run(id, {
			commands: [scanSha, scanSha.toUpperCase()].map((sha) => [
				'EVALSHA',
				sha,
				'1',
				'idx',
				'0',
				'*',
				'10',
				'',
				prefixOf(other)
			])
		});
		expect(replies).toEqual([{ error: OWN_LUA }, { error: OWN_LUA }]);
		expect(courseScript(scanSha.toUpperCase())).toBeUndefined();
		expect(courseScript(`${scanSha.slice(0, 39)}`)).toBeUndefined();
	});

	it('refuses any other Lua on the shared Redis', async () => {
		const id = newLearner();
		const { replies } = await run(id, {
			commands: [
				['EVALSHA', sha1('return 1'), '0'],
				['EVAL', 'return 1', '0'],
				['EVAL', "return redis.call('KEYS', '*')", '0'],
				['SCRIPT', 'LOAD', 'return 1'],
				['SCRIPT', 'FLUSH'],
				['FUNCTION', 'LIST'],
				['FCALL', 'f', '0']
			]
		});
		expect(replies).toEqual(replies.map(() => ({ error: OWN_LUA })));
		expect(OWN_LUA).toMatch(/^your own Lua runs on a private lab server only: /);
	});
});

describe('the budget', () => {
	it(`allows ${RUN_BUDGET.commands} commands per ${RUN_BUDGET.windowSeconds} s, then 429 with Retry-After`, async () => {
		const id = newLearner();
		const batch = JSON.stringify({ commands: Array.from({ length: 50 }, () => ['PING']) });
		for (let i = 0; i < RUN_BUDGET.commands / 50; i++)
			expect((await post(id, batch)).status).toBe(200);
		const over = await post(id, JSON.stringify({ commands: [['PING']] }));
		expect(over.status).toBe(429);
		const retryAfter = Number(over.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(RUN_BUDGET.windowSeconds);
		expect(over.json.error).toMatch(new RegExp(`try again in ${retryAfter} s$`));
		expect((await post(newLearner(), batch)).status).toBe(200); // another learner is not limited
	});

	it(`refuses a batch of more than ${RUN_BUDGET.perBatch} commands with a 400`, async () => {
		const { status, json } = await post(
			newLearner(),
			JSON.stringify({ commands: Array.from({ length: 51 }, () => ['PING']) })
		);
		expect(status).toBe(400);
		expect(json.error).toMatch(/at most 50 commands/);
	});
});

describe('one learner’s requests', () => {
	it('refuses a request that brought no learner cookie: 409, open a lesson first', async () => {
		const id = newLearner();
		const body = JSON.stringify({ commands: [['SET', 'k', 'v']] });
		const { status, json } = await post(id, body, {}, true);
		expect(status).toBe(409);
		expect(json.error).toBe(NO_LEARNER);
		expect(await plain.exists(`${prefixOf(id)}k`)).toBe(0);
	});

	it('runs one batch and keeps seven waiting; one more meanwhile is 409', async () => {
		const id = newLearner();
		const body = (n: number) =>
			JSON.stringify({
				commands: Array.from({ length: 20 }, (_, i) => ['SET', `k${n}:${i}`, 'v'])
			});
		const many = Array.from({ length: MAX_PENDING_BATCHES + 1 }, (_, n) => n);
		const answers = await Promise.all(many.map((n) => post(id, body(n))));
		expect(answers.map((a) => a.status)).toEqual([...many.slice(1).map(() => 200), 409]);
		expect(answers.at(-1)!.json.error).toBe(BATCH_BUSY);
		expect(await plain.exists(`${prefixOf(id)}k${MAX_PENDING_BATCHES}:0`)).toBe(0);
		expect((await post(id, body(99))).status).toBe(200); // once they finished
	});
});

describe('a failure of the channel', () => {
	it('is answered by its kind; one the course did not foresee is logged, never shown', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		onTestFinished(() => logged.mockRestore());
		const answer = async (error: unknown) => {
			const response = failureAnswer(error, 'POST /api/run');
			return {
				status: response.status,
				error: ((await response.json()) as { error: string }).error
			};
		};
		expect(
			await answer(new TypeError("Cannot read properties of undefined (reading 'x')"))
		).toEqual({
			status: 503,
			error: CHANNEL_FAILED
		});
		expect(logged).toHaveBeenCalledTimes(1);
		expect(await answer(new RedisUnavailableError('driver words'))).toEqual({
			status: 503,
			error: REDIS_UNAVAILABLE
		});
		const cap = await answer(new ConsoleCapError());
		expect(cap.status).toBe(503);
		expect(cap.error).toMatch(/^Too many learners .*; try again/);
		// Recognised by its class, not its words: the same sentence in another error is unforeseen.
		expect(await answer(new Error(new ConsoleCapError().message))).toEqual({
			status: 503,
			error: CHANNEL_FAILED
		});
		expect(logged).toHaveBeenCalledTimes(2);
		expect(await answer(new BatchBusyError(BATCH_BUSY))).toEqual({
			status: 409,
			error: BATCH_BUSY
		});
		expect(logged).toHaveBeenCalledTimes(2);
	});

	it('answers the console-connection cap 503 with Retry-After, once every connection is taken', async () => {
		const held: { id: string; connection: Redis }[] = [];
		onTestFinished(async () => {
			// The cap counts a connection until its 'end': the next tests need theirs.
			// (One that ended already, evicted with its sandbox, has its event queued at most.)
			const ended = held.map(
				({ connection }) =>
					new Promise((end) =>
						connection.status === 'end' ? setImmediate(end) : connection.once('end', end)
					)
			);
			for (const { id } of held) sandboxOf(id).close();
			await Promise.all(ended);
		});
		let capped: unknown;
		for (let i = 0; i <= 1000 && !capped; i++) {
			const id = `cap-holder-${i}-${randomBytes(4).toString('hex')}`;
			try {
				held.push({ id, connection: await sandboxOf(id).consoleConnection() });
			} catch (error) {
				capped = error;
				sandboxOf(id).close();
			}
		}
		expect(capped).toBeInstanceOf(ConsoleCapError);
		const answer = await post(newLearner(), JSON.stringify({ commands: [['PING']] }));
		expect(answer.status).toBe(503);
		expect(answer.headers.get('retry-after')).toBe('60');
		expect(answer.json.error).toMatch(/^Too many learners .*; try again/);
	});
});

describe('bad requests', () => {
	it.each([
		['text/plain', 415, 'commands', { 'content-type': 'text/plain' }],
		['a body of 2 MB', 413, 'x'.repeat(2 * 1024 * 1024), {}],
		['{}', 400, '{}', {}],
		['not JSON', 400, 'SET k v', {}],
		['a command that is not an array of strings', 400, '{"commands": [["SET", "k", 1]]}', {}],
		['an empty command', 400, '{"commands": [[]]}', {}],
		['atomic that is not a boolean', 400, '{"commands": [], "atomic": "yes"}', {}],
		['another origin', 403, '{"commands": [["PING"]]}', { origin: 'https://evil.example' }],
		['a cross-site fetch', 403, '{"commands": [["PING"]]}', { 'sec-fetch-site': 'cross-site' }]
	])('answers %s with %i and a sentence', async (_case, status, body, headers) => {
		const answer = await post(newLearner(), body, headers as Record<string, string>);
		expect(answer.status).toBe(status);
		expect(answer.json.error).toMatch(/^[A-Z][^\n]+\.$/);
	});

	it('says which shape it expects', async () => {
		const { json } = await post(newLearner(), '{"commands": "GET k"}');
		expect(json.error).toContain('"commands": [["SET", "k", "v"], ...]');
	});

	it('takes a request from the course’s own origin', async () => {
		const answer = await post(newLearner(), '{"commands": [["PING"]]}', {
			origin: 'http://localhost',
			'sec-fetch-site': 'same-origin'
		});
		expect(answer).toMatchObject({ status: 200, json: { replies: ['PONG'] } });
	});
});

describe('lab: true', () => {
	it('runs a learner’s own Lua on a private lab server, never on the shared one', async () => {
		const id = newLearner();
		const before = labServersRunning();
		const started = performance.now();
		const { replies, trace } = await run(id, {
			lab: true,
			commands: [
				[
					'EVAL',
					"redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])",
					'1',
					'lab-key',
					'hi'
				],
				['SCRIPT', 'LOAD', 'return 42'],
				['EVALSHA', sha1('return 42'), '0'],
				['GET', 'lab-key']
			]
		});
		const firstBatchMs = performance.now() - started;
		expect(replies).toEqual(['hi', sha1('return 42'), 42, 'hi']);
		expect(trace.map((entry) => entry.cmd)).toEqual(['EVAL', 'SCRIPT', 'EVALSHA', 'GET']);
		expect(labServersRunning()).toBe(before + 1);
		expect(hasLabSession(id)).toBe(true);
		const session = await labSession(id);
		console.log(
			`lab start: ${Math.round(session.startMs)} ms; first lab batch answered in ${Math.round(firstBatchMs)} ms`
		);
		// The shared server never saw the lab's key, under any name.
		expect(await plain.exists('lab-key', `${prefixOf(id)}lab-key`)).toBe(0);
		const second = await run(id, { lab: true, commands: [['GET', 'lab-key']] });
		expect(second.replies).toEqual(['hi']); // the same lab, while the run goes on
		const ended = await run(id, { lab: true, end: true, commands: [] });
		expect(ended).toEqual({ replies: [], trace: [] });
		expect(hasLabSession(id)).toBe(false);
		expect(labServersRunning()).toBe(before);
	});

	it('stops the lab when the learner’s sandbox closes (evicted when idle, the server stopping)', async () => {
		const id = newLearner();
		const before = labServersRunning();
		await run(id, { lab: true, commands: [['EVAL', 'return 1', '0']] });
		expect(labServersRunning()).toBe(before + 1);
		sandboxOf(id).close();
		await expect.poll(() => labServersRunning(), { timeout: 3000 }).toBe(before);
		expect(hasLabSession(id)).toBe(false);
	});

	it('keeps the lab inside the sandbox: no CONFIG, SHUTDOWN, DEBUG, MIGRATE, FUNCTION', async () => {
		const id = newLearner();
		const { replies } = await run(id, {
			lab: true,
			end: true,
			commands: [
				['CONFIG', 'SET', 'maxmemory', '1'],
				['SHUTDOWN', 'NOSAVE'],
				['DEBUG', 'SLEEP', '1'],
				['SET', 'k', 'v'],
				[
					'EVAL',
					`return redis.call('MIGRATE', '127.0.0.1', '${new URL(inject('redisUrl')).port}', 'k', '0', '1000')`,
					'0'
				],
				['FUNCTION', 'LIST'],
				['SCRIPT', 'FLUSH'],
				['BLPOP', 'q', '1']
			]
		});
		expect(replies[3]).toBe('OK');
		for (const i of [0, 1, 2, 5, 6, 7]) {
			expect((replies[i] as { error: string }).error, String(i)).toMatch(
				/^not available in the sandbox: /
			);
		}
		expect((replies[4] as { error: string }).error).toMatch(/can't run this command/);
		expect(await plain.exists('k')).toBe(0);
	});

	it(`stops a script that runs past ${SCRIPT_LIMIT_MS} ms, and the lab with it`, async () => {
		const restore = setLabSessionLimits({ cooldownMs: 1000 });
		onTestFinished(restore);
		const id = newLearner();
		await run(id, { lab: true, commands: [['PING']] });
		const { port } = (await labSession(id)).lab;
		const running = labServersRunning();
		const started = performance.now();
		const { replies, trace } = await run(id, {
			lab: true,
			commands: [
				['SET', 'before', '1'],
				['EVAL', 'while true do end', '0']
			]
		});
		expect(performance.now() - started).toBeLessThan(2000);
		const stopped = `your script ran longer than ${SCRIPT_LIMIT_MS / 1000} s; the lab server was stopped`;
		expect(replies).toEqual([{ error: stopped }, { error: stopped }]);
		expect(trace.at(-1)).toMatchObject({ cmd: 'EVAL', reply: `(error) ${stopped}` });
		expect(hasLabSession(id)).toBe(false);
		expect(labServersRunning()).toBe(running - 1);
		const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
		probe.on('error', () => {});
		await expect(probe.connect()).rejects.toThrow();
		// The learner waits before a new lab starts; then the next lab batch starts a new one.
		const again = JSON.stringify({ lab: true, end: true, commands: [['GET', 'before']] });
		const waited = await post(id, again);
		expect(waited.status).toBe(429);
		expect(Number(waited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect((await run(id, JSON.parse(again) as RunRequest)).replies).toEqual([null]);
	});

	it('answers 429 with Retry-After when every lab server is taken', async () => {
		// Versions' labs take at most half of MAX_LAB_SERVERS: the rest is the lab demos'.
		const holders: string[] = [];
		const ping = JSON.stringify({ lab: true, commands: [['PING']] });
		let turnedAway = await post(newLearner(), ping);
		for (let i = 0; turnedAway.status === 200 && i <= MAX_LAB_SERVERS; i++) {
			holders.push(learners.at(-1)!);
			turnedAway = await post(newLearner(), ping);
		}
		onTestFinished(async () => {
			for (const id of holders) await run(id, { lab: true, end: true, commands: [] });
		});
		expect(holders.length).toBeLessThanOrEqual(Math.floor(MAX_LAB_SERVERS / 2));
		expect(turnedAway.status).toBe(429);
		expect(Number(turnedAway.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(turnedAway.json.error).toMatch(/lab servers .*are busy/);
	});

	it(`stops the lab after ${LAB_IDLE_MS / 1000} s without a batch`, async () => {
		const id = newLearner();
		await run(id, { lab: true, commands: [['PING']] });
		await new Promise((resolve) => setTimeout(resolve, LAB_IDLE_MS - 1000));
		expect(hasLabSession(id)).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(hasLabSession(id)).toBe(false);
	}, 20_000);
});

/**
 * The hostile console lines, each run as a one-command batch by the channel's core (runBatch,
 * what POST /api/run calls after its body and budget checks, as the console's suite calls
 * runConsoleLine), its answer as JSON, the reply printed as redis-cli would. Through the
 * endpoint, the budget (500 commands per 10 s) would make the suite's 2,000-odd lines wait
 * some 40 s for nothing it checks; the endpoint's own checks are tested above. A line the
 * console cannot split is no batch at all.
 */
const CHANNEL: LineSender = {
	async send(sandbox, line) {
		const argv = parseLine(line);
		if (argv === null) return { reply: '(error) Invalid argument(s)', error: true };
		if (!argv.length) return { reply: '', error: false };
		const started = performance.now();
		const { replies, trace } = JSON.parse(
			JSON.stringify(await runBatch(sandbox, { commands: [argv] }))
		) as RunResponse;
		const ms = performance.now() - started;
		const reply = replies[0];
		if (typeof reply === 'object' && reply !== null && 'error' in reply) {
			return { reply: `(error) ${reply.error}`, error: true, trace: JSON.stringify(trace), ms };
		}
		const status = isStatusReply(argv[0]!.toLowerCase(), argv.slice(1));
		return { reply: formatReply(reply, status), error: false, trace: JSON.stringify(trace), ms };
	},
	firstExec:
		/^\(error\) not available in the sandbox: EXEC is sent for you: send the batch with "atomic": true$/,
	blocking:
		/^\(error\) not available in the sandbox: [A-Z]+ blocks its connection, and your version has no connection of its own; use its non-blocking form$/
};

describe('the hostile corpus through /api/run', () => {
	hostileSuite({ url: inject('redisUrl'), via: CHANNEL });
});

describe('Redis away', () => {
	const url = process.env.REDIS_URL;
	afterAll(async () => {
		await closeRedis();
		process.env.REDIS_URL = url;
	});

	it('answers 503 with the one sentence, never the driver’s words', async () => {
		await closeRedis();
		process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
		const started = performance.now();
		const { status, json } = await post(newLearner(), JSON.stringify({ commands: [['GET', 'k']] }));
		expect(status).toBe(503);
		expect(json).toEqual({ error: REDIS_UNAVAILABLE });
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
