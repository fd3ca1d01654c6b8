import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defineScript, runScript } from '$lib/server/pattern-support';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

describe('runScript', () => {
	it('loads a script the server does not know, runs it by SHA with namespaced KEYS', async () => {
		const sandbox = newSandbox();
		const { ctx, trace } = await request(sandbox);
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
	});
});
