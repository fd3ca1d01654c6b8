import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeRedis, sharedRedis } from '$lib/server/redis/connection';
import { Namespace } from '$lib/server/redis/namespace';
import { newRecorder, tracedRedis } from '$lib/server/redis/traced-client';

const plain = new Redis(inject('redisUrl'));

/**
 * MONITOR on a socket of its own, keeping the commands that name `needle`. Not ioredis's
 * monitor(): on a busy shared server, lines arriving with MONITOR's +OK can reach its reply
 * queue ("Command queue state error", thrown where no test can catch it).
 */
async function monitorOf(url: string, needle: string) {
	const { hostname, port } = new URL(url);
	const socket = connect(Number(port), hostname);
	const seen: string[][] = [];
	let buffered = '';
	let started: () => void;
	const ready = new Promise<void>((resolve) => (started = resolve));
	socket.setEncoding('utf8');
	socket.on('data', (chunk: string) => {
		buffered += chunk;
		const lines = buffered.split('\r\n');
		buffered = lines.pop()!;
		for (const line of lines) {
			if (line === '+OK') started();
			else if (line.includes(needle))
				seen.push([...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!));
		}
	});
	socket.write('MONITOR\r\n');
	await ready;
	return { seen, close: () => socket.destroy() };
}
afterAll(async () => {
	plain.disconnect();
	await closeRedis();
});

/** A fresh learner: their namespace, what their traced client records, and the client. */
async function learner() {
	const ns = new Namespace(randomBytes(16).toString('base64url'));
	const recorder = newRecorder();
	const redis = tracedRedis(await sharedRedis(), recorder, { ns });
	return { ns, prefix: ns.prefix, trace: recorder.trace, touched: recorder.touched, redis };
}

/** How many times the server has run a command, from INFO commandstats. */
async function calls(command: string): Promise<number> {
	const info = await plain.info('commandstats');
	return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

describe('tracedRedis', () => {
	it('stores keys under the learner prefix and nowhere else', async () => {
		const { prefix, redis } = await learner();
		await redis.set('greeting', 'hello', 'EX', 60);
		expect(await plain.get(`${prefix}greeting`)).toBe('hello');
		expect(await plain.ttl(`${prefix}greeting`)).toBeGreaterThan(0);
		expect(await redis.get('greeting')).toBe('hello');
	});

	it('shows an error that names a key without the learner prefix, alone, in a pipeline and in a MULTI', async () => {
		const { redis, trace, prefix } = await learner();
		await expect(redis.xclaim('orders', 'workers', 'w1', 0, '0-1')).rejects.toThrow(/NOGROUP/);
		await redis.pipeline().xclaim('orders', 'workers', 'w1', 0, '0-1').exec();
		await redis.multi().xclaim('orders', 'workers', 'w1', 0, '0-1').exec();
		const replies = trace.map(({ reply }) => reply);
		expect(replies.filter((reply) => reply.includes("NOGROUP No such key 'orders'"))).toHaveLength(
			3
		);
		expect(replies.join('\n')).not.toContain(prefix);
	});

	it('records each command as the learner wrote it, with the reply redis-cli prints', async () => {
		const { redis, trace } = await learner();
		await redis.set('greeting', 'hi "you"', 'EX', 60);
		await redis.get('greeting');
		await redis.get('missing');
		await redis.incr('counter');
		await redis.expire('counter', 60);
		expect(trace.map(({ cmd, args, reply }) => ({ cmd, args, reply }))).toEqual([
			{ cmd: 'SET', args: ['greeting', 'hi "you"', 'EX', '60'], reply: 'OK' },
			{ cmd: 'GET', args: ['greeting'], reply: '"hi \\"you\\""' },
			{ cmd: 'GET', args: ['missing'], reply: '(nil)' },
			{ cmd: 'INCR', args: ['counter'], reply: '(integer) 1' },
			{ cmd: 'EXPIRE', args: ['counter', '60'], reply: '(integer) 1' }
		]);
		for (const entry of trace) {
			expect(entry.ms).toBeGreaterThan(0);
			expect(entry.batch).toBeUndefined();
		}
	});

	it('keeps 64 KB of arguments whole in the trace, then cuts long ones; Redis stores them whole', async () => {
		const { prefix, redis, trace } = await learner();
		const big = 'v'.repeat(5000);
		for (let i = 0; i < 13; i++) await redis.set(`big:${i}`, big, 'EX', 60); // 65,000 characters
		await redis.pipeline().set('big:13', big, 'EX', 60).exec();
		expect(await plain.get(`${prefix}big:13`)).toBe(big);
		const shown = trace.map((entry) => entry.args[1]);
		expect(shown.slice(0, 13)).toEqual(Array(13).fill(big));
		expect(shown.slice(13)).toEqual([`${'v'.repeat(200)}… (5000 chars)`]);
	});

	it('prints SET ... GET with the old value quoted', async () => {
		const { redis, trace } = await learner();
		await redis.set('k', 'old', 'EX', 60);
		expect(await redis.set('k', 'new', 'EX', 60, 'GET')).toBe('old');
		expect(trace[1]).toMatchObject({ cmd: 'SET', reply: '"old"' });
	});

	it('flattens object arguments and prints an HGETALL as a flat list', async () => {
		const { prefix, redis, trace } = await learner();
		await redis.hset('user:1', { name: 'Ada', city: 'Lyon' });
		await redis.expire('user:1', 60);
		expect(await plain.hget(`${prefix}user:1`, 'city')).toBe('Lyon');
		expect(await redis.hgetall('user:1')).toEqual({ name: 'Ada', city: 'Lyon' });
		expect(trace[0]).toMatchObject({
			cmd: 'HSET',
			args: ['user:1', 'name', 'Ada', 'city', 'Lyon']
		});
		expect(trace[2]).toMatchObject({
			cmd: 'HGETALL',
			reply: '1) "name"\n2) "Ada"\n3) "city"\n4) "Lyon"'
		});
	});

	it('returns keys in replies without the prefix (LMPOP names the list it popped from)', async () => {
		const { redis, trace } = await learner();
		await redis.rpush('jobs', 'a', 'b');
		await redis.expire('jobs', 60);
		expect(await redis.lmpop(2, 'empty', 'jobs', 'LEFT')).toEqual(['jobs', ['a']]);
		expect(trace[2]).toMatchObject({
			cmd: 'LMPOP',
			args: ['2', 'empty', 'jobs', 'LEFT'],
			reply: '1) "jobs"\n2) 1) "a"'
		});
		expect(JSON.stringify(trace)).not.toContain('sbx:');
	});

	it('lets SCAN see only the learner keys, without the prefix', async () => {
		const mine = await learner();
		const other = await learner();
		await mine.redis.set('scan-me', '1', 'EX', 60);
		await other.redis.set('scan-me', '1', 'EX', 60);
		const scanAll = async (pattern?: string) => {
			const seen: string[] = [];
			let cursor = '0';
			do {
				const [next, keys] = pattern
					? await mine.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
					: await mine.redis.scan(cursor, 'COUNT', 1000);
				seen.push(...keys);
				cursor = next;
			} while (cursor !== '0');
			return seen;
		};
		// No other learner's key name may show up, and the learner's own keys read as they wrote them.
		const everything = await scanAll();
		expect(everything.filter((key) => key.startsWith('sbx:'))).toEqual([]);
		expect(everything).toContain('scan-me');
		expect(await scanAll('scan-*')).toEqual(['scan-me']);
	});

	it('records MULTI, each command as QUEUED and EXEC, all with the batch time', async () => {
		const { prefix, redis, trace } = await learner();
		const results = await redis.multi().incr('n').incrby('n', 5).get('n').expire('n', 60).exec();
		expect(results).toEqual([
			[null, 1],
			[null, 6],
			[null, '6'],
			[null, 1]
		]);
		expect(await plain.get(`${prefix}n`)).toBe('6');
		expect(trace.map(({ cmd, args, reply, batch }) => ({ cmd, args, reply, batch }))).toEqual([
			{ cmd: 'MULTI', args: [], reply: 'OK', batch: 'multi' },
			{ cmd: 'INCR', args: ['n'], reply: 'QUEUED', batch: 'multi' },
			{ cmd: 'INCRBY', args: ['n', '5'], reply: 'QUEUED', batch: 'multi' },
			{ cmd: 'GET', args: ['n'], reply: 'QUEUED', batch: 'multi' },
			{ cmd: 'EXPIRE', args: ['n', '60'], reply: 'QUEUED', batch: 'multi' },
			{
				cmd: 'EXEC',
				args: [],
				reply: '1) (integer) 1\n2) (integer) 6\n3) "6"\n4) (integer) 1',
				batch: 'multi'
			}
		]);
		const ms = trace[0]!.ms;
		expect(ms).toBeGreaterThan(0);
		for (const entry of trace) expect(entry.ms).toBe(ms);
	});

	it('prints status replies inside EXEC bare, as redis-cli does (1) OK)', async () => {
		const { redis, trace } = await learner();
		await redis.multi().set('m', '1', 'EX', 60).incr('m').exec();
		// redis-cli: MULTI / SET m 1 / INCR m / EXEC prints "1) OK" then "2) (integer) 2".
		expect(trace.at(-1)).toMatchObject({ cmd: 'EXEC', reply: '1) OK\n2) (integer) 2' });
	});

	it('records each command of a pipeline with its own reply, errors included', async () => {
		const { prefix, redis, trace } = await learner();
		const results = await redis
			.pipeline()
			.set('p', 'text', 'EX', 60)
			.get('p')
			.incr('p')
			.lpush('list', 'x')
			.expire('list', 60)
			.exec();
		expect(results?.[1]).toEqual([null, 'text']);
		expect(results?.[2]?.[0]).toBeInstanceOf(Error);
		expect(await plain.lrange(`${prefix}list`, 0, -1)).toEqual(['x']);
		expect(trace.map(({ cmd, reply, batch }) => ({ cmd, reply, batch }))).toEqual([
			{ cmd: 'SET', reply: 'OK', batch: 'pipeline' },
			{ cmd: 'GET', reply: '"text"', batch: 'pipeline' },
			{
				cmd: 'INCR',
				reply: '(error) ERR value is not an integer or out of range',
				batch: 'pipeline'
			},
			{ cmd: 'LPUSH', reply: '(integer) 1', batch: 'pipeline' },
			{ cmd: 'EXPIRE', reply: '(integer) 1', batch: 'pipeline' }
		]);
		const ms = trace[0]!.ms;
		expect(ms).toBeGreaterThan(0);
		for (const entry of trace) expect(entry.ms).toBe(ms);
	});

	it('records a Redis error as (error) ... and rethrows it', async () => {
		const { redis, trace } = await learner();
		await redis.set('word', 'abc', 'EX', 60);
		await expect(redis.incr('word')).rejects.toThrow('value is not an integer');
		expect(trace[1]).toMatchObject({
			cmd: 'INCR',
			args: ['word'],
			reply: '(error) ERR value is not an integer or out of range'
		});
		expect(trace[1]!.ms).toBeGreaterThan(0);
	});

	it('refuses commands outside the allowlist without sending them', async () => {
		const { prefix, redis, trace } = await learner();
		await plain.set(`${prefix}keep`, '1', 'EX', 60);
		const before = await Promise.all(['flushall', 'keys', 'config'].map(calls));
		expect(() => redis.flushall()).toThrow('not available');
		expect(() => redis.keys('*')).toThrow('not available');
		expect(() => redis.config('SET', 'maxmemory-policy', 'noeviction')).toThrow('not available');
		expect(() => redis.call('FLUSHALL')).toThrow('not available');
		expect(() => redis.sendCommand).toThrow('not available');
		expect(await Promise.all(['flushall', 'keys', 'config'].map(calls))).toEqual(before);
		expect(await plain.get(`${prefix}keep`)).toBe('1');
		expect(trace).toEqual([]);
	});

	it('refuses blocking commands on the shared connection without sending them', async () => {
		const { prefix, redis, trace } = await learner();
		await plain.rpush(`${prefix}queue`, 'job');
		await plain.expire(`${prefix}queue`, 60);
		const before = await calls('blpop');
		await expect(redis.blpop('queue', 1)).rejects.toThrow('needs a connection of its own');
		await expect(redis.brpop('queue', 1)).rejects.toThrow('needs a connection of its own');
		expect(await calls('blpop')).toBe(before);
		expect(await plain.lrange(`${prefix}queue`, 0, -1)).toEqual(['job']);
		expect(trace).toEqual([]);
	});

	it('refuses a subcommand outside the table (OBJECT HELP) without sending it', async () => {
		const { redis, trace } = await learner();
		await expect(redis.object('HELP')).rejects.toThrow('not a data command');
		expect(trace).toEqual([]);
	});

	it('records the keys it touched as it prefixes them, and indexes the ones a write names', async () => {
		const { ns, redis, touched } = await learner();
		await redis.set('a', '1', 'EX', 60);
		await redis.get('b');
		await redis.multi().hset('h', 'f', 'v').expire('h', 60).exec();
		await redis.pipeline().rpush('l', 'x').expire('l', 60).exec();
		expect([...touched]).toEqual(['a', 'b', 'h', 'l']);
		// A read names a key but creates none: only what was written is in the index.
		expect((await plain.smembers(ns.indexKey)).sort()).toEqual(['a', 'h', 'l']);
		await plain.expire(ns.indexKey, 60);
	});

	it('sends a write and its index entry in one round trip', async () => {
		const { ns, redis } = await learner();
		const feed = await monitorOf(inject('redisUrl'), ns.learnerId);
		try {
			await redis.set('k', 'v', 'EX', 60);
			await expect.poll(() => feed.seen.length).toBe(2);
			expect(feed.seen).toEqual([
				['sadd', ns.indexKey, 'k'],
				['set', ns.key('k'), 'v', 'EX', '60']
			]);
		} finally {
			feed.close();
			await plain.expire(ns.indexKey, 60);
		}
	});

	it('answers SCAN from the learner’s index: cursor, MATCH, COUNT and TYPE, gone keys pruned', async () => {
		const { ns, redis, trace } = await learner();
		const other = new Namespace(randomBytes(16).toString('base64url'));
		await plain.set(other.key('user:1'), 'theirs', 'EX', 60);
		// More than a small set's 128 entries, so that SSCAN honours COUNT on every Redis version.
		const batch = redis.pipeline();
		for (let i = 0; i < 200; i++) batch.set(`user:${i}`, 'x', 'EX', 60);
		await batch.exec();
		await redis.hset('user:h', 'f', 'v');
		await redis.expire('user:h', 60);
		await redis.set('gone', 'x', 'PX', 1);
		await new Promise((resolve) => setTimeout(resolve, 20));

		const seen = new Set<string>();
		let cursor = '0';
		let calls = 0;
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', 'user:*', 'COUNT', 10);
			expect(trace.at(-1)).toMatchObject({
				cmd: 'SCAN',
				args: [cursor, 'MATCH', 'user:*', 'COUNT', '10']
			});
			for (const key of keys) seen.add(key);
			cursor = next;
			calls++;
		} while (cursor !== '0');
		expect(seen.size).toBe(201);
		expect([...seen].every((key) => key.startsWith('user:'))).toBe(true);
		expect(calls).toBeGreaterThan(1);

		expect(await redis.scan('0', 'COUNT', 1000, 'TYPE', 'hash')).toEqual(['0', ['user:h']]);
		const all = await redis.scan('0', 'COUNT', 1000); // one call covers all 202 names
		expect(all[1]).not.toContain('gone');
		expect(await plain.sismember(ns.indexKey, 'gone')).toBe(0); // pruned when found gone
		await plain.expire(ns.indexKey, 60);
	});
});

describe('tracedRedis on a lab server (no namespace)', () => {
	it('sends any command as it is and traces it, status replies printed bare', async () => {
		const recorder = newRecorder();
		const lab = tracedRedis(new Redis(inject('redisUrl')), recorder, { ns: null });
		try {
			expect(await lab.config('GET', 'maxmemory-policy')).toHaveLength(2);
			await lab.set('lab-test:k', 'v', 'EX', 5);
			expect(recorder.trace.map(({ cmd, args, reply }) => ({ cmd, args, reply }))).toEqual([
				{
					cmd: 'CONFIG',
					args: ['GET', 'maxmemory-policy'],
					reply: expect.stringMatching(/^1\) "maxmemory-policy"/)
				},
				{ cmd: 'SET', args: ['lab-test:k', 'v', 'EX', '5'], reply: 'OK' }
			]);
			expect(recorder.touched.size).toBe(0);
		} finally {
			lab.disconnect();
		}
	});
});
