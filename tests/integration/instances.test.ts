/**
 * Two instances of the built course on one Redis Cluster, as behind a round-robin balancer: one
 * learner's clicks alternate between them and see one world (their database, their pattern
 * memory, their activity), and an instance stopped and started again loses nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster } from '../../scripts/redis-cluster.js';
import { freePort } from '$lib/server/redis/server-process';

const BUILD = process.env.BUILD_DIR ?? 'build';
let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
const running: ChildProcess[] = [];

/** One instance: `node scripts/start.js` on a port of its own, on the cluster. */
async function instance(): Promise<{ base: string; stop: () => Promise<void> }> {
	const port = await freePort();
	const base = `http://localhost:${port}`;
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			REDIS_URL: '',
			REDIS_CLUSTER_NODES: cluster.nodes,
			PORT: String(port),
			ORIGIN: base,
			BUILD_DIR: BUILD
		},
		stdio: 'ignore'
	});
	running.push(child);
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) break;
		} catch {
			/* not up yet */
		}
		if (i > 150) throw new Error(`the instance on ${port} did not start`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const stop = () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return { base, stop };
}

beforeAll(async () => {
	if (!existsSync(`${BUILD}/index.js`)) throw new Error('Build the course first: npm run build');
	cluster = await startRedisCluster();
}, 30_000);

afterAll(async () => {
	for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
	await cluster?.stop();
});

const WRITE_THROUGH = '/learn/basic-caching/write-through';
const NO_CACHE = '/learn/foundations/the-data';
const LOCK = '/learn/real-world/distributed-lock';

/** A demo click as the enhanced form posts it; resolves to the action's data. */
async function click(base: string, cookie: string, lesson: string, fields: Record<string, string>) {
	const response = await fetch(`${base}${lesson}?/demo`, {
		method: 'POST',
		headers: {
			cookie,
			origin: base,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields)
	});
	const answer = (await response.json()) as { type: string; data: string };
	expect(answer.type, JSON.stringify(answer)).toBe('success');
	return parse(answer.data) as {
		outcome: string;
		result: unknown;
		activity: { summary: string }[];
	};
}

describe('two instances on one Redis Cluster', () => {
	it('show one learner one world, and stopping an instance loses nothing', async () => {
		const [a, b] = [await instance(), await instance()];
		const first = await fetch(`${a.base}/`);
		const cookie = first.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		expect(cookie).toMatch(/^learner=/);

		// The database: a write on A is what B reads.
		const written = await click(a.base, cookie, WRITE_THROUGH, {
			demo: 'write-through-write',
			table: 'inventory'
		});
		const read = await click(b.base, cookie, NO_CACHE, { demo: 'view-table', table: 'inventory' });
		expect(read.result).toEqual(written.result);
		const seed = await click(b.base, 'learner=AAAAAAAAAAAAAAAAAAAAAA', NO_CACHE, {
			demo: 'view-table',
			table: 'inventory'
		});
		expect(seed.result).not.toEqual(written.result); // the write was real, and only theirs

		// The pattern memory: worker-a's lock, taken on A, is released with its token on B.
		const lock = { resource: 'report', worker: 'worker-a' };
		expect(
			(await click(a.base, cookie, LOCK, { demo: 'lock-acquire', ...lock, ttl: '30' })).outcome
		).toBe('acquired');
		expect((await click(b.base, cookie, LOCK, { demo: 'lock-release', ...lock })).outcome).toBe(
			'released'
		);

		// The activity: B's log of the lesson shows the click A served.
		const again = await click(b.base, cookie, WRITE_THROUGH, {
			demo: 'write-through-write',
			table: 'inventory'
		});
		expect(again.activity.map((entry) => entry.summary)).toHaveLength(2);

		// A stops; a new instance replays the learner's database from Redis.
		await a.stop();
		const c = await instance();
		const replayed = await click(c.base, cookie, NO_CACHE, {
			demo: 'view-table',
			table: 'inventory'
		});
		expect(replayed.result).toEqual(again.result);
		await Promise.all([b.stop(), c.stop()]);
	}, 60_000);
});
