/**
 * The course on a Redis Cluster (`REDIS_CLUSTER_NODES`): three primaries started for this file
 * (this file runs in its own worker, and the connection module reads the variable when it first
 * connects), every demo of the course in reading order, the console, the key inspector and the
 * live panel's subscriptions. The two-instance test lives in instances.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { isActionFailure } from '@sveltejs/kit';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster } from '../../scripts/redis-cluster.js';
import type { DemoResult } from '$lib/types';
import { LESSONS } from '$lib/server/content/course';
import { DEMOS } from '$lib/server/demos';
import { runDemo } from '$lib/server/demos/run';
import { closeRedis, redisStatus, sharedRedis } from '$lib/server/redis/connection';
import { runConsoleLine } from '$lib/server/sandbox/console';
import { inspectKeys } from '$lib/server/sandbox/inspect';
import { Sandbox } from '$lib/server/sandbox/sandboxes';

let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
const opened: Sandbox[] = [];
const newSandbox = () => {
	const sandbox = new Sandbox(randomBytes(16).toString('base64url'));
	opened.push(sandbox);
	return sandbox;
};

beforeAll(async () => {
	cluster = await startRedisCluster();
	process.env.REDIS_CLUSTER_NODES = cluster.nodes;
}, 30_000);

afterAll(async () => {
	for (const sandbox of opened) sandbox.close();
	await closeRedis();
	delete process.env.REDIS_CLUSTER_NODES; // the next file in this worker uses REDIS_URL again
	await cluster?.stop();
});

/** Demos on private lab servers: the course's Redis is not theirs, Cluster or not. */
const ON_LABS = new Set([
	'big-key-delete',
	'cluster-crossslot',
	'cluster-slots',
	'eviction',
	'hash-encoding',
	'keys-timed',
	'memory-compare',
	'persistence',
	'redis-outage',
	'slowlog'
]);

/** What the demo's form posts when the learner changes nothing. */
const formOf = (id: string) =>
	new Map([
		['demo', id],
		...DEMOS.get(id)!.fields.map(({ name, default: value }) => [name, String(value)] as const)
	]);

describe('on a Redis Cluster', () => {
	it('connects through the Cluster client and says where Redis comes from', async () => {
		expect(await sharedRedis()).toBeInstanceOf(Cluster);
		expect(await redisStatus()).toMatchObject({ connected: true, source: 'REDIS_CLUSTER_NODES' });
	});

	it('every demo of the course runs, in reading order, for one learner', async () => {
		const sandbox = newSandbox();
		const failed: string[] = [];
		for (const lesson of LESSONS) {
			for (const id of lesson.demos) {
				if (ON_LABS.has(id)) continue;
				const answer = await runDemo(sandbox, lesson, formOf(id), { slowDbMs: 0 });
				if (isActionFailure(answer)) {
					failed.push(
						`${id}: ${answer.status} ${(answer.data as unknown as { error: string }).error}`
					);
				} else if ((answer as DemoResult).outcome === 'error') failed.push(`${id}: error`);
			}
		}
		expect(failed).toEqual([]);
	}, 120_000);

	it('the console works as on one server: MULTI, KEYS and SCAN of the learner only, blocking, PUBLISH', async () => {
		const [sandbox, other] = [newSandbox(), newSandbox()];
		await runConsoleLine(other, 'SET theirs 1');
		const lines: [line: string, reply: string][] = [
			['SET greeting hello EX 60', 'OK'],
			['GET greeting', '"hello"'],
			['MULTI', 'OK'],
			['INCR visits', 'QUEUED'],
			['HSET user:1 name Ada', 'QUEUED'],
			['EXEC', '1) (integer) 1\n2) (integer) 1'],
			['KEYS *', '1) "greeting"\n2) "user:1"\n3) "visits"'],
			['PING', 'PONG'],
			['BLPOP empty 1', '(nil)'],
			['PUBLISH news hi', '(integer) 0']
		];
		for (const [line, reply] of lines) {
			expect({ line, reply: (await runConsoleLine(sandbox, line)).reply }).toEqual({ line, reply });
		}
		const scanned = (await runConsoleLine(sandbox, 'SCAN 0 COUNT 100')).reply;
		expect(scanned).toContain('"greeting"');
		expect(scanned).not.toContain('theirs');
	});

	it('the key inspector lists the learner’s keys with their TTLs', async () => {
		const sandbox = newSandbox();
		await runConsoleLine(sandbox, 'SET a 1 EX 30');
		await runConsoleLine(sandbox, 'RPUSH b x y');
		const keys = await inspectKeys(sandbox);
		expect(keys.map(({ key, type }) => [key, type])).toEqual([
			['a', 'string'],
			['b', 'list']
		]);
		expect(keys[0]!.ttlMs).toBeGreaterThan(25_000);
	});

	it('a subscription hears what the console publishes on the learner’s channel', async () => {
		const sandbox = newSandbox();
		const run = await sandbox.request();
		const heard: string[] = [];
		const stop = await run.ctx.subscribe('news', (message) => heard.push(message));
		try {
			expect((await runConsoleLine(sandbox, 'PUBLISH news hello')).reply).toBe('(integer) 1');
			await expect.poll(() => heard).toEqual(['hello']);
			// Published on each primary in turn: every message arrives, but PUBLISH counts only the
			// subscribers of the node it reached, the learner's primary (as the scaling-out lesson says).
			const counts: number[] = [];
			for (const port of cluster.ports) {
				const node = new Redis(port);
				counts.push(await node.publish(sandbox.ns.key('news'), `on ${port}`));
				node.disconnect();
			}
			expect(counts.sort()).toEqual([0, 0, 1]);
			await expect.poll(() => heard).toHaveLength(1 + cluster.ports.length);
		} finally {
			await stop();
			await run.close();
		}
	});

	it('keeps what a learner owns in their slot: their keys, their database log, their activity', async () => {
		const sandbox = newSandbox();
		const lesson = LESSONS.find((l) => l.demos.includes('write-through-write'))!;
		await runDemo(sandbox, lesson, formOf('write-through-write'), { slowDbMs: 0 });
		const redis = (await sharedRedis()) as Cluster;
		const slot = (key: string) => redis.call('CLUSTER', 'KEYSLOT', key);
		const mine = await slot(sandbox.ns.indexKey);
		for (const key of [
			`course:{${sandbox.id}}:db-log`,
			`course:{${sandbox.id}}:activity:${lesson.id}`,
			sandbox.ns.key('query:inventory')
		]) {
			expect(await slot(key)).toBe(mine);
		}
		expect(await redis.llen(`course:{${sandbox.id}}:db-log`)).toBe(1);
	});
});
