import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { DemoResult, TraceEntry } from '$lib/types';
import { runDemo } from '$lib/server/demos/run';
import {
	followMoved,
	hashTagOf,
	locate,
	redirectOf,
	saveAndLoadUser,
	SLOT_COUNT,
	slotOf,
	userKey
} from '$lib/server/patterns/cluster-slots';
import { deleteAll, loadScanScript, scanIndex } from '$lib/server/redis/key-index';
import { labServersRunning } from '$lib/server/redis/labs';
import { Namespace } from '$lib/server/redis/namespace';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();

const sharedConfig = async () => (await plain.config('GET', '*')) as string[];
const lines = (trace: TraceEntry[]) => trace.map(({ cmd, args, reply }) => [cmd, ...args, reply]);

/** Runs a demo as the page does: its form checked, the run closed (labs stopped) when it ends. */
async function runPage(id: string, form: Record<string, string> = {}) {
	const data = new FormData();
	data.set('demo', id);
	for (const [name, value] of Object.entries(form)) data.set(name, value);
	const lesson = { id: 'operations/scaling-out', demos: [id] };
	const answer = await runDemo(newSandbox(), lesson, data, { slowDbMs: 0 });
	if (isActionFailure(answer)) throw new Error(JSON.stringify(answer.data));
	const done = answer as DemoResult;
	return { ...done, result: done.result as Record<string, unknown> };
}

/** Whether something still accepts connections at `host:port`. */
function answers(endpoint: string): Promise<boolean> {
	const [host, port] = endpoint.split(':');
	return new Promise((resolve) => {
		const socket = new Socket();
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
		socket.connect(Number(port), host!);
	});
}

/** After a demo: no lab server counted, none still listening, the shared server's settings as before. */
async function expectNothingLeft(endpoints: string[], before: string[]) {
	expect(labServersRunning()).toBe(0);
	for (const endpoint of endpoints) expect(await answers(endpoint), endpoint).toBe(false);
	expect(await sharedConfig()).toEqual(before);
}

type NodeRow = { node: string; slots: string; 'in this run': string };

describe('cluster-slots: a key, its slot, its node, and a MOVED followed', () => {
	it('user:42 is slot 15880; a node that does not serve it answers MOVED naming the owner, which takes the SET', async () => {
		const before = await sharedConfig();
		const run = await runPage('cluster-slots', { key: 'user:42' });
		expect(run.outcome).toBe('redirected');
		const { result } = run;
		const owner = result.node as string;
		expect(result).toMatchObject({
			key: 'user:42',
			'hash tag': 'none',
			slot: 15880,
			'slot by CRC16, computed here': 15880,
			moved: `MOVED 15880 ${owner}`,
			'GET through the Cluster client': 'hello'
		});
		expect(owner).toMatch(/^127\.0\.0\.1:\d+$/);

		// Three primaries, the slots in thirds; the owner's range holds 15880.
		const nodes = result.nodes as NodeRow[];
		expect(nodes.map((n) => n.slots)).toEqual(['0–5460', '5461–10922', '10923–16383']);
		expect(nodes.find((n) => n.node === owner)!.slots).toBe('10923–16383');
		const asked = nodes.find((n) => n.node !== owner && n['in this run'] !== '—')!;
		expect(asked['in this run']).toBe('asked first: MOVED');
		expect(nodes.find((n) => n.node === owner)!['in this run']).toBe(
			'SET after the MOVED: OK; GET: "hello"'
		);
		expect(asked.slots).toBe('0–5460'); // the first node that does not serve the slot

		// The trace: the server's own slot and map, the MOVED, the redirect followed, the read.
		expect(lines(run.trace).map((line) => line.slice(0, -1))).toEqual([
			['CLUSTER', 'KEYSLOT', 'user:42'],
			['CLUSTER', 'SHARDS'],
			['SET', 'user:42', 'hello'],
			['SET', 'user:42', 'hello'],
			['GET', 'user:42']
		]);
		expect(run.trace.map(({ reply }) => reply)).toEqual([
			'(integer) 15880',
			expect.stringMatching(/^1\) 1\) "slots"/),
			`(error) MOVED 15880 ${owner}`,
			'OK',
			'"hello"'
		]);
		await expectNothingLeft(
			nodes.map((n) => n.node),
			before
		);
	});

	it('a key with a hash tag is placed by its tag alone', async () => {
		const run = await runPage('cluster-slots', { key: '{user:42}:cart' });
		expect(run.result).toMatchObject({
			key: '{user:42}:cart',
			'hash tag': 'user:42',
			slot: 15880,
			'slot by CRC16, computed here': 15880
		});
		expect(labServersRunning()).toBe(0);
	});

	it.each([
		['', 'Key is required.'],
		['two words', 'Key must be 1 to 100 characters'],
		['quote"d', 'Key must be 1 to 100 characters'],
		['k'.repeat(101), 'Key must be 1 to 100 characters']
	])('refuses the key %j with a sentence, before any server starts', async (key, message) => {
		const data = new FormData();
		data.set('demo', 'cluster-slots');
		data.set('key', key);
		const lesson = { id: 'operations/scaling-out', demos: ['cluster-slots'] };
		const answer = await runDemo(newSandbox(), lesson, data, { slowDbMs: 0 });
		expect(isActionFailure(answer) && answer.status).toBe(400);
		expect((answer as ActionFailure<{ error: string }>).data.error).toContain(message);
		expect(labServersRunning()).toBe(0);
	});
});

describe('cluster-crossslot: a multi-key command across slots, then with a hash tag', () => {
	it('MSET of user:42:profile and user:42:cart is refused with CROSSSLOT; with the tag {user:42} it is stored and read back', async () => {
		const before = await sharedConfig();
		const run = await runPage('cluster-crossslot');
		expect(run.outcome).toBe('done');
		expect(run.result).toMatchObject({
			'slots without a tag': '9133, 12984',
			'MSET without a tag': "CROSSSLOT Keys in request don't hash to the same slot",
			'slots with a tag': '15880',
			'MGET with a tag': ['Ada Lovelace', 'sku-7 sku-9']
		});
		const keys = run.result.keys as { group: string; key: string; slot: number; node: string }[];
		const slotOfRow = (key: string) => keys.find((row) => row.key === key)!;
		// Without a tag the two keys are not even on the same node.
		expect(slotOfRow('user:42:profile').node).not.toBe(slotOfRow('user:42:cart').node);
		// This course's keys for one learner, and the learner's key index: one slot.
		const course = new Namespace('example-learner');
		const ours = [course.key('query:inventory'), course.key('customer:hash:4'), course.indexKey];
		expect(new Set(ours.map((key) => slotOfRow(key).slot))).toEqual(
			new Set([slotOf('example-learner')])
		);

		// In the trace: each slot from the server, the refused MSET, then the tagged MSET and MGET.
		const writes = lines(run.trace).filter(([cmd]) => cmd !== 'CLUSTER');
		expect(writes).toEqual([
			[
				'MSET',
				'user:42:profile',
				'Ada Lovelace',
				'user:42:cart',
				'sku-7 sku-9',
				"(error) CROSSSLOT Keys in request don't hash to the same slot"
			],
			['MSET', '{user:42}:profile', 'Ada Lovelace', '{user:42}:cart', 'sku-7 sku-9', 'OK'],
			['MGET', '{user:42}:profile', '{user:42}:cart', '1) "Ada Lovelace"\n2) "sku-7 sku-9"']
		]);
		const keyslots = run.trace.filter(
			({ cmd, args }) => cmd === 'CLUSTER' && args[0] === 'KEYSLOT'
		);
		expect(keyslots.map(({ args }) => args[1])).toEqual(keys.map((row) => row.key));
		// The CROSSSLOT came before anything was written: no untagged key exists anywhere.
		await expectNothingLeft([...new Set(keys.map((row) => row.node))], before);
	});
});

describe('the pattern, checked against a real cluster', () => {
	it('slotOf agrees with CLUSTER KEYSLOT, hash tags and their edge cases included', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.clusterLab();
		const keys = [
			'',
			'user:42',
			'{user:42}:cart',
			'a{}b', // an empty tag: the whole key is hashed
			'a{}{b}',
			'{',
			'}{x}',
			'foo{{bar}}', // the tag is "{bar"
			'foo{bar}{zap}', // the first tag only
			'čaj{über}',
			'emoji:🙂',
			...Array.from({ length: 200 }, () =>
				randomBytes(1 + Math.floor(Math.random() * 20)).toString('base64url')
			),
			...Array.from({ length: 50 }, (_, i) =>
				new Namespace(randomBytes(16).toString('base64url')).key(`k${i}`)
			)
		];
		const pipeline = lab.nodes[0]!.pipeline();
		for (const key of keys) pipeline.cluster('KEYSLOT', key);
		const replies = (await pipeline.exec())!.map(([error, slot]) => {
			expect(error).toBeNull();
			return slot;
		});
		expect(keys.map(slotOf)).toEqual(replies);
		for (const slot of replies) expect(slot).toBeLessThan(SLOT_COUNT);
		expect(hashTagOf('foo{{bar}}')).toBe('{bar');
		expect(hashTagOf('a{}{b}')).toBeNull();
		await run.close();
	});

	it('every key of a learner and the learner key index share the learner id as their tag', () => {
		for (let i = 0; i < 100; i++) {
			const ns = new Namespace(randomBytes(16).toString('base64url'));
			expect(hashTagOf(ns.key('query:inventory'))).toBe(ns.learnerId);
			expect(hashTagOf(ns.indexKey)).toBe(ns.learnerId);
			expect(slotOf(ns.key('any:thing'))).toBe(slotOf(ns.indexKey));
		}
	});

	it('what the lesson says of a cluster: ASK while a slot migrates, no SELECT, one slot per script and per client pipeline node, WAIT without replicas', async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.clusterLab();
		const endpointOf = (i: number) => `127.0.0.1:${lab.ports[i]}`;
		const { slot, owner } = await locate(lab.redis, '{user:42}:cart');
		const from = lab.ports.findIndex((_, i) => endpointOf(i) === owner.endpoint);
		const to = (from + 1) % 3;
		const [source, target] = [lab.nodes[from]!, lab.nodes[to]!];

		// A slot being migrated: the source answers ASK for a key it no longer has, not MOVED.
		const sourceId = String(await source.cluster('MYID'));
		const targetId = String(await target.cluster('MYID'));
		await target.cluster('SETSLOT', slot, 'IMPORTING', sourceId);
		await source.cluster('SETSLOT', slot, 'MIGRATING', targetId);
		const ask = await source.get('{user:42}:gone').catch((error: Error) => error);
		expect(redirectOf(ask)).toEqual({ kind: 'ASK', slot, endpoint: endpointOf(to) });
		// followMoved follows MOVED only: an ASK is handed back.
		await expect(
			followMoved(
				source,
				() => target,
				(node) => node.get('{user:42}:gone')
			)
		).rejects.toThrow(/^ASK /);
		// The target serves it only after ASKING (here a MOVED back to the source).
		await expect(target.get('{user:42}:gone')).rejects.toThrow(`MOVED ${slot} ${owner.endpoint}`);
		await source.cluster('SETSLOT', slot, 'STABLE');
		await target.cluster('SETSLOT', slot, 'STABLE');

		await expect(lab.nodes[0]!.select(1)).rejects.toThrow(
			'ERR SELECT is not allowed in cluster mode'
		);
		// A script may touch only keys of one slot, declared in KEYS.
		const script = 'return redis.call("GET", KEYS[1])';
		await expect(lab.redis.eval(script, 2, 'user:42:profile', 'user:42:cart')).rejects.toThrow(
			/^CROSSSLOT/
		);
		expect(await saveAndLoadUser(lab.redis, '42', { cart: 'sku-7' })).toEqual({
			[userKey('42', 'cart')]: 'sku-7'
		});
		expect(await lab.redis.eval(script, 1, userKey('42', 'cart'))).toBe('sku-7');
		// ioredis refuses a pipeline whose keys live on two nodes (other clients split it per node).
		const split = lab.redis.pipeline().get('user:42:profile').get('user:42:cart');
		await expect(split.exec()).rejects.toThrow(/same slots allocation group/);
		// WAIT counts the replicas that have the writes: a primary without replicas has none.
		expect(await lab.redis.wait(0, 0)).toBe(0);
		expect(await target.wait(1, 50)).toBe(0);
		// A MULTI whose commands touch two slots (here on one node) is refused at EXEC.
		const third = lab.nodes[2]!; // slots 10923–16383: 'a' is 15495, 'user:42' 15880
		await expect(third.multi().set('a', '1').set('user:42', '2').exec()).rejects.toThrow(
			/CROSSSLOT/
		);
		// Each node holds only its own keys: DBSIZE (and SCAN, KEYS) see one node's share.
		for (let i = 0; i < 30; i++) await lab.redis.set(`item:${i}`, 'x');
		const sizes = await Promise.all(lab.nodes.map((node) => node.dbsize()));
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(30 + 1); // and {user:42}:cart
		for (const size of sizes) expect(size).toBeLessThan(30);
		// SCRIPT LOAD through the Cluster client reaches one node: EVALSHA elsewhere is NOSCRIPT.
		const sha = String(await lab.redis.script('LOAD', 'return 1'));
		const loaded = await Promise.all(lab.nodes.map((node) => node.script('EXISTS', sha)));
		expect(loaded.flat().sort()).toEqual([0, 0, 1]);
		await run.close();
		expect(labServersRunning()).toBe(0);
	});

	it("this course's own multi-key work on a learner's keys runs on a cluster: the index walk and the reset", async () => {
		const run = await request(newSandbox());
		const lab = await run.ctx.clusterLab();
		const ns = new Namespace(randomBytes(16).toString('base64url'));
		const names = ['query:inventory', 'customer:hash:4', 'tag:on-sale'];
		for (const name of names) await lab.redis.set(ns.key(name), 'x');
		await lab.redis.sadd(ns.indexKey, ...names, 'gone:already');
		// The script that walks the index reads each key's type: keys of the index's slot only.
		const { owner } = await locate(lab.redis, ns.indexKey);
		const node = lab.nodes[lab.ports.findIndex((port) => owner.endpoint.endsWith(`:${port}`))]!;
		await loadScanScript(node);
		const [cursor, found] = await scanIndex(node, ns, {
			cursor: '0',
			match: '*',
			count: 100,
			type: null
		});
		expect(cursor).toBe('0');
		expect(found.sort()).toEqual([...names].sort());
		// The reset: RENAME of the index, one UNLINK of many keys, DEL, through the Cluster client.
		expect(await deleteAll(lab.redis, ns)).toBe(names.length);
		expect(await lab.redis.exists(...names.map((name) => ns.key(name)), ns.indexKey)).toBe(0);
		await run.close();
	});

	it('10,000 random learner ids spread evenly over three primaries', () => {
		const perNode = [0, 0, 0];
		for (let i = 0; i < 10_000; i++) {
			const slot = slotOf(new Namespace(randomBytes(16).toString('base64url')).indexKey);
			perNode[slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2]! += 1;
		}
		// About 3,333 each; the spread of a fair split is about 50.
		for (const count of perNode) expect(count).toBeGreaterThan(3000);
	});
});
