import { describe, expect, it } from 'vitest';
import { runChannel, type Channel } from '$lib/editor/runtime/channel';
import { Crash, createContext, type RunLog } from '$lib/editor/runtime/context';
import { execute } from '$lib/editor/runtime/execute';
import type { MemoryOverlay } from '$lib/editor/runtime/memory';
import { ReplyError } from '$lib/editor/runtime/reply-error';
import { SCENARIOS } from '$lib/editor/runtime/scenarios';
import type { EditableSource, FromWorker, OwnRunResult } from '$lib/editor/protocol';
import { demoEditableSource } from '$lib/server/content/editable-source';
import { runNamedQuery } from '$lib/server/db/named-queries';
import { DEMOS } from '$lib/server/demos';
import { EDITABLE_DEMOS } from '$lib/editor/runtime/editable-demos';
import { runBatch } from '$lib/server/sandbox/command-channel';
import { readMemory } from '$lib/server/sandbox/memory-read';
import { hasLabSession } from '$lib/server/sandbox/lab-session';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import * as v from 'valibot';
import { heldBy } from '$lib/server/demos/support/locks';
import { stateKeys } from '$lib/server/sandbox/learner-state';
import { runDemo, useSandboxes } from './fixtures';
import { isNoScript } from '$lib/format';
import type { TraceEntry } from '$lib/types';

const { plain, newSandbox } = useSandboxes();

/** What the worker's fetches reach, called in process: the real command, database and memory channels. */
const channelOf = (sandbox: Sandbox): Channel => ({
	run: (batch) => runBatch(sandbox, batch),
	db: (query) => runNamedQuery(sandbox, query, 0),
	memory: (read) => readMemory(sandbox, read)
});

const newLog = (): RunLog => ({ trace: [], sql: [] });
/**
 * A trace's commands by sender, without a script's first-call load (NOSCRIPT, then SCRIPT LOAD):
 * a test file sharing this Redis may SCRIPT FLUSH it between two runs.
 */
const sentBy = (trace: TraceEntry[]) =>
	trace
		.filter(
			(t, i) =>
				!isNoScript(t.reply) && !(t.cmd === 'SCRIPT' && isNoScript(trace[i - 1]?.reply ?? ''))
		)
		.map((t) => `${t.actor ?? ''} ${t.cmd}`);

const commandsOf = (trace: { cmd: string; args: string[] }[]) =>
	trace.map((t) => [t.cmd, ...t.args]);

describe("the editor's context over the real command channel", () => {
	it('numbers its round trips from 1 (a batch, a pipeline, a MULTI), each traced with its actor', async () => {
		const sandbox = newSandbox();
		const log = newLog();
		const steps: number[] = [];
		const ctx = createContext(channelOf(sandbox), {
			actor: 'worker A',
			log,
			onStep: (step) => void steps.push(step)
		});
		await ctx.redis.set('k', 'v', 'EX', 60);
		await ctx.redis.pipeline().get('k').ttl('k').exec();
		await ctx.redis.multi().incr('n').incr('n').exec();
		expect(steps).toEqual([1, 2, 3]);
		expect(log.trace.map((t) => [t.cmd, ...t.args, t.batch ?? 'alone'])).toEqual([
			['SET', 'k', 'v', 'EX', '60', 'alone'],
			['GET', 'k', 'pipeline'],
			['TTL', 'k', 'pipeline'],
			['MULTI', 'multi'],
			['INCR', 'n', 'multi'],
			['INCR', 'n', 'multi'],
			['EXEC', 'multi']
		]);
		expect(log.trace.every((t) => t.actor === 'worker A')).toBe(true);
		expect(await plain.get(sandbox.ns.key('n'))).toBe('2');
	});

	it('answers as ioredis does: values, HGETALL as an object, [[error], [null, value]] from exec', async () => {
		const sandbox = newSandbox();
		const { redis } = createContext(channelOf(sandbox));
		expect(await redis.hset('h', { name: 'Ada', visits: 3 })).toBe(2);
		expect(await redis.hgetall('h')).toEqual({ name: 'Ada', visits: '3' });
		expect(await redis.get('missing')).toBeNull();
		expect(await redis.call('HGETALL', 'h')).toEqual(['name', 'Ada', 'visits', '3']);
		await redis.set('s', 'text');

		const mine = await redis.pipeline().incr('s').hgetall('h').exec();
		const theirs = await plain
			.pipeline()
			.incr(sandbox.ns.key('s'))
			.hgetall(sandbox.ns.key('h'))
			.exec();
		expect(mine).toHaveLength(2);
		expect(mine![0]![0]).toBeInstanceOf(ReplyError);
		expect(mine![0]!).toHaveLength(theirs![0]!.length);
		expect(mine![0]![0]!.message).toBe(theirs![0]![0]!.message);
		expect(mine![0]![0]!.name).toBe(theirs![0]![0]!.name);
		expect(mine![1]).toEqual(theirs![1]);

		const inMulti = await redis.multi().incr('s').incr('fresh').exec();
		expect(inMulti![0]![0]!.message).toMatch(/^ERR value is not an integer/);
		expect(inMulti![1]).toEqual([null, 1]);
	});

	it('rejects a single command with a ReplyError: Redis’s own line, or the channel’s refusal', async () => {
		const sandbox = newSandbox();
		const { redis } = createContext(channelOf(sandbox));
		await redis.set('s', 'text');
		await expect(redis.incr('s')).rejects.toThrow(/^ERR value is not an integer/);
		const refused = await redis.flushall().catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ReplyError);
		expect((refused as Error).message).not.toMatch(/sbx:/);
		expect(await plain.get(sandbox.ns.key('s'))).toBe('text');
	});

	it('stops an actor that crashes between two commands: the first ran, nothing after it leaves', async () => {
		const sandbox = newSandbox();
		const log = newLog();
		const channel = channelOf(sandbox);
		const crashAfterFirst = (step: number) => {
			if (step === 1) throw new Crash('worker A died after its first round trip');
		};
		const a = createContext(channel, { actor: 'worker A', log, onStep: crashAfterFirst });
		const b = createContext(channel, { actor: 'worker B', log });
		const flow = async () => {
			await a.redis.set('first', '1');
			await a.redis.set('second', '2');
		};
		await expect(flow()).rejects.toBeInstanceOf(Crash);
		// a version that swallows the crash still sends nothing more
		await expect(a.redis.get('first')).rejects.toThrow('worker A died after its first round trip');
		await b.redis.set('by-b', '1');
		expect(await plain.get(sandbox.ns.key('first'))).toBe('1');
		expect(await plain.exists(sandbox.ns.key('second'))).toBe(0);
		expect(log.trace.map((t) => `${t.actor} ${t.cmd} ${t.args[0]}`)).toEqual([
			'worker A SET first',
			'worker B SET by-b'
		]);
	});

	it('plays a race in the step hook: after A’s first round trip, B takes the lock', async () => {
		const sandbox = newSandbox();
		const channel = channelOf(sandbox);
		const b = createContext(channel, { actor: 'worker B' });
		const a = createContext(channel, {
			actor: 'worker A',
			onStep: async (step) => {
				if (step === 1) {
					await b.redis.del('lock');
					await b.redis.set('lock', 'B', 'PX', 5000, 'NX');
				}
			}
		});
		await a.redis.set('lock', 'A', 'PX', 5000, 'NX');
		// A's naive release: its GET happens after B took the lock, so it sees B's token
		expect(await a.redis.get('lock')).toBe('B');
	});
});

describe('a learner’s version of a demo, run as the worker runs it', () => {
	const run = (
		source: EditableSource,
		edited: string,
		fields: Record<string, string>,
		sandbox: Sandbox,
		/** The learner's app-server memory as the page keeps it between runs. */
		memory: MemoryOverlay = {}
	) =>
		execute(
			{ type: 'run', source, edited, fields },
			(lab) => runChannel(channelOf(sandbox), lab),
			SCENARIOS,
			memory
		);

	const ran = (answer: FromWorker): OwnRunResult => {
		if (answer.type !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(answer)}`);
		return answer.run;
	};

	it('a syntax error is a failure with the line of the entry', async () => {
		const source = demoEditableSource('lock-acquire')!;
		const edited = source.files[source.entry]!.replace(
			'export async function acquireLock(',
			'export async function acquireLock(('
		);
		const answer = await run(source, edited, {}, newSandbox());
		const line =
			source.files[source.entry]!.split('\n').findIndex((l) =>
				l.startsWith('export async function acquireLock(')
			) + 1;
		expect(answer).toMatchObject({ type: 'failed', line });
	});

	it('the course’s lock module: acquire, with its Lua run by the course’s SHA on the shared server', async () => {
		const sandbox = newSandbox();
		const source = demoEditableSource('lock-acquire')!;
		const fields = { resource: 'report', worker: 'worker-a', ttl: '30' };
		// the course's demo once before: the server has its script from then on, so neither loads it
		await runDemo(newSandbox(), 'lock-acquire', fields);
		const course = await runDemo(newSandbox(), 'lock-acquire', fields);
		const mine = ran(await run(source, source.files[source.entry]!, fields, sandbox));
		expect(mine.ranOn).toBe('shared');
		expect(mine.outcome).toBe(course.outcome);
		expect(Object.keys(mine.result as object)).toEqual(Object.keys(course.result));
		expect(commandsOf(mine.trace).map(([cmd]) => cmd)).toEqual(
			commandsOf(course.trace).map(([cmd]) => cmd)
		);
	});

	it('a version with Lua of its own runs on the learner’s lab server, stopped when the run ends', async () => {
		const sandbox = newSandbox();
		const source = demoEditableSource('lock-acquire')!;
		// the same script with one more comment: another SHA1, so not the course's script
		const edited = source.files[source.entry]!.replace(
			"if not redis.call('SET'",
			"-- my version\nif not redis.call('SET'"
		);
		expect(edited).not.toBe(source.files[source.entry]);
		const fields = { resource: 'report', worker: 'worker-b', ttl: '30' };
		const mine = ran(await run(source, edited, fields, sandbox));
		expect(mine.ranOn).toBe('lab');
		expect(mine.outcome).toBe('acquired');
		expect(mine.trace.map((t) => t.cmd)).toContain('EVALSHA');
		expect(hasLabSession(sandbox.id)).toBe(false);
		// nothing of it reached the shared server
		expect(await plain.exists(sandbox.ns.key('lock:report'))).toBe(0);
	});

	it('the rate limiter: the learner’s fixed window, called by the course’s limitRequest, as the demo does', async () => {
		const source = demoEditableSource('rate-limit')!;
		expect(source.entry).toBe('patterns/fixed-window.ts');
		const fields = { algorithm: 'fixed-window', user: 'ada', 'max-requests': '1', window: '60' };
		const course = await runDemo(newSandbox(), 'rate-limit', fields);
		const sandbox = newSandbox();
		const first = ran(await run(source, source.files[source.entry]!, fields, sandbox));
		expect(first.outcome).toBe(course.outcome);
		expect(Object.keys(first.result as object)).toEqual(Object.keys(course.result));
		expect(commandsOf(first.trace)).toEqual(commandsOf(course.trace));
		// the learner's edit is what runs: a limit read as one more than asked
		const edited = source.files[source.entry]!.replace(
			'allowed: count <= limit',
			'allowed: count <= limit + 1'
		);
		expect(ran(await run(source, edited, fields, sandbox)).outcome).toBe('allowed');
		expect(ran(await run(source, source.files[source.entry]!, fields, sandbox)).outcome).toBe(
			'blocked'
		);
	});

	it('cache-aside, the course’s module: MISS then HIT, sending what the server’s demo sends', async () => {
		const source = demoEditableSource('cache-aside-read')!;
		const original = source.files[source.entry]!;
		const fields = { table: 'inventory' };
		const courseSandbox = newSandbox();
		const courseMiss = await runDemo(courseSandbox, 'cache-aside-read', fields);
		const courseHit = await runDemo(courseSandbox, 'cache-aside-read', fields);
		const sandbox = newSandbox();
		const miss = ran(await run(source, original, fields, sandbox));
		const hit = ran(await run(source, original, fields, sandbox));
		expect([miss.outcome, hit.outcome]).toEqual(['miss', 'hit']);
		expect([courseMiss.outcome, courseHit.outcome]).toEqual(['miss', 'hit']);
		expect(commandsOf(miss.trace)).toEqual(commandsOf(courseMiss.trace));
		expect(commandsOf(hit.trace)).toEqual(commandsOf(courseHit.trace));
		expect(miss.sql.map((q) => q.sql)).toEqual(courseMiss.sql.map((q) => q.sql));
		expect(hit.sql).toEqual([]);
		expect(miss.result).toEqual(courseMiss.result);
		expect(miss.summary).toBe(courseMiss.summary);
	});

	it('cache-aside with the TTL edited from 60 to 5: SET ... EX 5, and the key expires within 5 s', async () => {
		const source = demoEditableSource('cache-aside-read')!;
		const original = source.files[source.entry]!;
		const edited = original.replace(
			'export const TTL_SECONDS = 60;',
			'export const TTL_SECONDS = 5;'
		);
		expect(edited).not.toBe(original);
		const sandbox = newSandbox();
		const mine = ran(await run(source, edited, { table: 'customers' }, sandbox));
		const set = mine.trace.find((t) => t.cmd === 'SET')!;
		expect(set.args.slice(0, 1).concat(set.args.slice(2))).toEqual(['query:customers', 'EX', '5']);
		const ttlMs = await plain.pttl(sandbox.ns.key('query:customers'));
		expect(ttlMs).toBeGreaterThan(0);
		expect(ttlMs).toBeLessThanOrEqual(5000);
	});

	it('a statement the course does not have is refused by the database channel, and said so', async () => {
		const source = demoEditableSource('cache-aside-read')!;
		const edited = source.files[source.entry]!.replace(
			'ctx.db.all(SELECT_TABLE[table])',
			"ctx.db.all('SELECT * FROM customers')"
		);
		const answer = await run(source, edited, { table: 'customers' }, newSandbox());
		expect(answer).toMatchObject({ type: 'failed' });
		expect((answer as { message: string }).message).toMatch(
			/only the course's own queries run here/
		);
	});

	it.each(EDITABLE_DEMOS)(
		'%s: the course’s version in the browser answers as the server’s demo does',
		async (id) => {
			const fields = Object.fromEntries(
				DEMOS.get(id)!.fields.map((f) => [f.name, String(f.default)])
			);
			const source = demoEditableSource(id)!;
			await runDemo(newSandbox(), id, fields); // the server has the course's scripts from then on
			const course = await runDemo(newSandbox(), id, fields);
			const mine = ran(await run(source, source.files[source.entry]!, fields, newSandbox()));
			expect(mine.ranOn).toBe('shared');
			expect(mine.outcome).toBe(course.outcome);
			expect(mine.summary).toBe(course.summary);
			expect(Object.keys(mine.result as object)).toEqual(Object.keys(course.result));
			expect(sentBy(mine.trace)).toEqual(sentBy(course.trace));
			expect(mine.sql.map((q) => q.sql)).toEqual(course.sql.map((q) => q.sql));
		}
	);

	it.each([
		['a field out of range', { resource: 'report', worker: 'worker-a', ttl: '0' }],
		['a choice it does not offer', { resource: 'vault', worker: 'worker-a', ttl: '30' }]
	])(
		'lock-acquire with %s: refused by the demo’s own schema, in its words',
		async (_what, fields) => {
			const source = demoEditableSource('lock-acquire')!;
			const parsed = v.safeParse(DEMOS.get('lock-acquire')!.schema, fields);
			expect(parsed.success).toBe(false);
			const answer = await run(source, source.files[source.entry]!, fields, newSandbox());
			expect(answer).toMatchObject({ type: 'failed', message: parsed.issues![0].message });
		}
	);

	it('an entry that no longer exports what the demo calls: said, naming both files', async () => {
		const source = demoEditableSource('lock-release')!;
		const edited = source.files[source.entry]!.replace(
			'export async function releaseLock(',
			'export async function freeLock('
		);
		const answer = await run(
			source,
			edited,
			{ resource: 'report', worker: 'worker-a' },
			newSandbox()
		);
		expect(answer).toMatchObject({
			type: 'failed',
			message: 'patterns/lock.ts no longer exports releaseLock: demos/lock-release.ts uses it.'
		});
	});
});

describe('the memory a learner’s version sees: its own app server’s', () => {
	const run = async (
		sandbox: Sandbox,
		id: 'lock-acquire' | 'lock-release',
		memory: MemoryOverlay,
		edited?: string
	) => {
		const source = demoEditableSource(id)!;
		const fields = {
			resource: 'report',
			worker: 'worker-a',
			...(id === 'lock-acquire' && { ttl: '30' })
		};
		const answer = await execute(
			{ type: 'run', source, edited: edited ?? source.files[source.entry]!, fields },
			(lab) => runChannel(channelOf(sandbox), lab),
			SCENARIOS,
			memory
		);
		if (answer.type !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(answer)}`);
		return answer.run;
	};
	const fields = { resource: 'report', worker: 'worker-a' };
	const courseHolds = async (sandbox: Sandbox) =>
		(await sandbox.memory.get(heldBy('worker-a'))).get('report')?.token;

	it('the course’s Acquire, then the learner’s release: released, with the token the course’s app server kept', async () => {
		const sandbox = newSandbox();
		const acquired = await runDemo(sandbox, 'lock-acquire', { ...fields, ttl: '30' });
		expect(acquired.outcome).toBe('acquired');
		const memory: MemoryOverlay = {};
		const mine = await run(sandbox, 'lock-release', memory);
		expect(mine.outcome).toBe('released');
		expect((mine.result as Record<string, unknown>)['token sent']).toBe(acquired.result.token);
		expect(await plain.exists(sandbox.ns.key('lock:report'))).toBe(0);
		// the course's app server's memory is read, never written: it still thinks it holds the lock
		expect(await courseHolds(sandbox)).toBe(acquired.result.token);
		// and its own release, with that token, finds the lock gone: an answer, not a failure
		const course = await runDemo(sandbox, 'lock-release', fields);
		expect(course.outcome).toBe('not-owner');
		// without the course's memory (a fresh sandbox's), the learner's release has no token
		expect((await run(newSandbox(), 'lock-release', {})).outcome).toBe('not-owner');
	});

	it('what the learner’s version writes is kept from run to run by the page, and only there', async () => {
		const sandbox = newSandbox();
		const memory: MemoryOverlay = {};
		expect((await run(sandbox, 'lock-acquire', memory)).outcome).toBe('acquired');
		expect(await courseHolds(sandbox)).toBeUndefined();
		expect(Object.keys(memory)).toEqual(['locks:worker-a']);
		// a fresh worker (another run), the same page memory: it knows its token
		expect((await run(sandbox, 'lock-release', memory)).outcome).toBe('released');
		// the course's app server never heard of that lock
		const again = await runDemo(sandbox, 'lock-acquire', { ...fields, ttl: '30' });
		expect(again.outcome).toBe('acquired');
		// the course changed the slot since the learner's version wrote it: the course's value wins
		const after = await run(sandbox, 'lock-release', memory);
		expect(after.outcome).toBe('released');
		expect((after.result as Record<string, unknown>)['token sent']).toBe(again.result.token);
		expect(memory['locks:worker-a']).toEqual({
			value: JSON.stringify({ $map: [] }),
			over: expect.stringContaining(String(again.result.token))
		});
	});

	it('a version that writes anything into its memory: the course’s demos never see it', async () => {
		const sandbox = newSandbox();
		const source = demoEditableSource('lock-acquire')!;
		const edited = source.files[source.entry]!.replace(
			'export async function acquireLock(\n\t{ redis }: PatternContext,',
			'export async function acquireLock(\n\t{ redis, memory }: PatternContext,'
		).replace(
			'\tconst token = `${worker}:',
			"\tawait memory.set({ name: 'locks:worker-a', init: () => 0 }, 'not a map');\n\tconst token = `${worker}:"
		);
		expect(edited).toContain("'not a map'");
		const memory: MemoryOverlay = {};
		// its own demo run trips on what it wrote (the demo reads that slot back): its own memory
		await expect(run(sandbox, 'lock-acquire', memory, edited)).rejects.toThrow(
			'held.set is not a function'
		);
		expect(memory['locks:worker-a']?.value).toBe('"not a map"');
		expect(await plain.hgetall(stateKeys(sandbox.id).memory)).toEqual({});
		const course = await runDemo(sandbox, 'lock-acquire', { ...fields, ttl: '30' });
		expect(course.outcome).toBe('held');
		expect((await runDemo(sandbox, 'lock-release', fields)).outcome).toBe('not-owner');
	});
});
