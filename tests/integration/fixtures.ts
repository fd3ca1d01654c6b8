import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as v from 'valibot';
import { afterAll, afterEach, inject } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import { closeRedis } from '$lib/server/redis/connection';
import { Sandbox, type SandboxRequest } from '$lib/server/sandbox/sandboxes';

/** Requests opened by a test: closed after it, as the demo action closes its own. */
const requests: SandboxRequest[] = [];
afterEach(async () => {
	await Promise.all(requests.splice(0).map((run) => run.close()));
});

/**
 * What most integration suites need: a plain client on the run's Redis (outside every sandbox,
 * to look at what really is stored) and fresh learners, each closed after its test.
 */
export function useSandboxes() {
	const plain = new Redis(inject('redisUrl'));
	const opened: Sandbox[] = [];
	afterEach(() => {
		for (const sandbox of opened.splice(0)) sandbox.close();
	});
	afterAll(async () => {
		plain.disconnect();
		await closeRedis();
	});
	const newSandbox = () => {
		const sandbox = new Sandbox(randomBytes(16).toString('base64url'));
		opened.push(sandbox);
		return sandbox;
	};
	return { plain, newSandbox };
}

/** One request's view of the sandbox, as a demo run gets it: `{ ctx, trace, sql, touchedKeys, ttls }`. */
export async function request(sandbox: Sandbox, slowDbMs = 0): Promise<SandboxRequest> {
	const run = await sandbox.request({ slowDbMs });
	requests.push(run);
	return run;
}

/** Runs a demo of the catalogue as the page would, with its input checked by its schema. */
export async function runDemo(sandbox: Sandbox, id: string, form: Record<string, string> = {}) {
	const demo = DEMOS.get(id);
	if (!demo) throw new Error(`no demo ${id}`);
	const input = v.parse(demo.schema, form);
	const { trace, sql, ctx, ttls } = await request(sandbox);
	const run = await demo.run(ctx, input);
	return { ...run, result: run.result as Record<string, unknown>, trace, sql, ttls };
}
