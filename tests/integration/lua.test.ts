import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { SqlEntry, TraceEntry } from '../../src/lib/types';
import { defineScript, runScript } from '../../src/lib/server/patterns/lua';
import { closeRedis } from '../../src/lib/server/redis/connection';
import { Sandbox } from '../../src/lib/server/sandbox/sandboxes';

const plain = new Redis(inject('redisUrl'));
afterAll(async () => {
	plain.disconnect();
	await closeRedis();
});

describe('runScript', () => {
	it('loads a script the server does not know, runs it by SHA with namespaced KEYS', async () => {
		const sandbox = new Sandbox(randomBytes(16).toString('base64url'));
		const trace: TraceEntry[] = [];
		const ctx = await sandbox.context(trace, [] as SqlEntry[], 0);
		// A fresh source each run, so the server has never seen it.
		const script = defineScript(
			`-- ${randomBytes(8).toString('hex')}\nreturn redis.call('SET', KEYS[1], ARGV[1])`
		);

		expect(await runScript(ctx.redis, script, ['lua:key'], ['v1'])).toBe('OK');
		expect(trace.map((e) => e.cmd)).toEqual(['EVALSHA', 'SCRIPT', 'EVALSHA']);
		expect(trace[0]!.reply).toMatch(/^\(error\) NOSCRIPT/);
		expect(await plain.get(`${sandbox.prefix}lua:key`)).toBe('v1');

		// Known now: one EVALSHA, no load.
		trace.length = 0;
		await runScript(ctx.redis, script, ['lua:key'], ['v2']);
		expect(trace.map((e) => e.cmd)).toEqual(['EVALSHA']);
		expect(trace[0]!.args).toEqual([script.sha, '1', 'lua:key', 'v2']);
		await sandbox.reset();
		sandbox.close();
	});
});
