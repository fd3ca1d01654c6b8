import { describe, expect, it } from 'vitest';
import { runChannel, type Channel } from '$lib/editor/runtime/channel';
import { execute } from '$lib/editor/runtime/execute';
import { relocated } from '$lib/editor/runtime/paths';
import { loadVersion } from '$lib/editor/runtime/version';
import { FIX_SCENARIOS, SCENARIOS } from '$lib/editor/runtime/scenarios';
import { RUN_TIMEOUT_MS } from '$lib/editor/protocol';
import { LESSONS } from '$lib/server/content/course';
import { SLOW_DB_CHOICES_MS } from '$lib/server/db/traced-db';
import { EXERCISES } from '$lib/server/exercises';
import type { FixExercise } from '$lib/server/exercises/define';
import { fixEditableSource, fixSolution, type FixSolution } from '$lib/server/exercises/fix';
import { checkExercise, solveExercise, type ExerciseRefused } from '$lib/server/exercises/run';
import { courseScriptShas } from '$lib/server/pattern-support/course-scripts';
import { runNamedQuery } from '$lib/server/db/named-queries';
import { runBatch } from '$lib/server/sandbox/command-channel';
import { readMemory } from '$lib/server/sandbox/memory-read';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { actions } from '../../src/routes/learn/[chapter]/[lesson]/+page.server';
import { useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();
/** The course's versions as the files read (an exercise's own, or a pattern of the course). */
const SOLUTIONS = import.meta.glob<string>('/src/lib/server/{exercises/fixed,patterns}/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
});
const fileOf = (path: string) => SOLUTIONS[`/src/lib/server/${path}`]!;
/** A module's text without what its import lines name: what moving it to another folder keeps. */
const withoutSpecifiers = (code: string) => code.replace(/from '[^']*'/g, "from '…'");

/** What the worker's fetches reach, called in process: the real command and database channels. */
const channelOf = (sandbox: Sandbox, slowDbMs = 0): Channel => ({
	run: (batch) => runBatch(sandbox, batch),
	db: (statement) => runNamedQuery(sandbox, statement, slowDbMs),
	memory: (read) => readMemory(sandbox, read)
});

const FIX = [...EXERCISES.values()].filter((e): e is FixExercise => Boolean(e.fix));

/** The module the learner would check: the broken one as the editor opens it, or the course's. */
function textOf(exercise: FixExercise, which: 'broken' | 'fixed') {
	const source = fixEditableSource(exercise);
	return which === 'broken' ? source.files[source.entry]! : fixSolution(exercise).source;
}

/** "Check my fix" as the worker runs it (runtime's execute), with the channel in process. */
async function play(sandbox: Sandbox, exercise: FixExercise, edited: string, slowDbMs = 0) {
	const source = fixEditableSource(exercise);
	const answer = await execute(
		{ type: 'check', source, edited, exercise: exercise.id },
		(lab) => runChannel(channelOf(sandbox, slowDbMs), lab),
		SCENARIOS
	);
	if (answer.type !== 'checked')
		throw new Error(answer.type === 'failed' ? answer.message : answer.type);
	return answer.check;
}

describe('the fix-the-bug exercises', () => {
	it('are four, each with its scenario, each in a lesson', () => {
		expect(FIX.map((e) => e.id).sort()).toEqual(Object.keys(FIX_SCENARIOS).sort());
		expect(FIX).toHaveLength(4);
		const placed = LESSONS.flatMap((lesson) => lesson.exercises);
		for (const { id } of FIX) expect(placed.filter((e) => e === id)).toEqual([id]);
	});

	it.each(FIX.map((e) => [e.id, e] as const))(
		'%s: the broken module and the course’s export the same names',
		(_id, exercise) => {
			const source = fixEditableSource(exercise);
			const names = (which: 'broken' | 'fixed') =>
				Object.keys(loadVersion(source, textOf(exercise, which)).entry).sort();
			expect(names('fixed')).toEqual(names('broken'));
			expect(names('broken').length).toBeGreaterThan(0);
		}
	);
});

/** What the broken module gets wrong, check by check: the detail of each failing check. */
const FLAWS: Record<string, Record<string, RegExp>> = {
	'fix-the-lock-release': {
		"B's lock survives A's release":
			/^after A's round trip 1, A's lock expired and worker B took it; worker A's next command deleted worker B's lock$/
	},
	'fix-the-rate-limiter': {
		'the counter always has a TTL':
			/^a crash after round trip 1 of a window's first request left fix:rate:user-7 at 1 with no TTL/
	},
	'fix-the-flusher': {
		'every queued change is either in the database or still in Redis':
			/^a crash after round trip 1 left queue: 2, processing: 0, database: 0, lost: 1 \(customer 1's city \w+\)$/,
		'a restarted flusher writes every change to the database':
			/^after a crash at round trip 1 and one restarted flush, the database lacks 1 change: customer 1's city \w+$/
	},
	'fix-the-invalidation': {
		'the cache matches the database after the write':
			/^a reader that read after the writer's round trip 1 cached product 1 with (\d+) in stock; the database has (?!\1)\d+/
	}
};

describe.each(FIX.map((e) => [e.id, e] as const))('%s', (_id, exercise) => {
	const labels = Object.values(FIX_SCENARIOS[exercise.id]!.checks);
	const flaws = FLAWS[exercise.id]!;

	it('the broken module fails its check, five times in a row, saying what happened; the course’s passes, five times', async () => {
		const learner = newSandbox();
		for (let i = 0; i < 5; i++) {
			const broken = await play(learner, exercise, textOf(exercise, 'broken'));
			expect(broken.passed).toBe(false);
			expect(broken.checks.map((c) => c.label)).toEqual(labels);
			const failing = broken.checks.filter((c) => !c.ok);
			expect(failing.map((c) => c.label)).toEqual(Object.keys(flaws));
			for (const c of failing) expect(c.detail).toMatch(flaws[c.label]!);

			const fixed = await play(learner, exercise, textOf(exercise, 'fixed'));
			expect(fixed.checks.map((c) => c.label)).toEqual(labels);
			expect(fixed.checks.filter((c) => !c.ok)).toEqual([]);
			expect(fixed.passed).toBe(true);
			// Neither has Lua of its own: both run on the shared Redis, in the learner's namespace.
			expect([broken.ranOn, fixed.ranOn]).toEqual(['shared', 'shared']);
		}
	});
});

/**
 * Other versions a learner may write: the checks see what each gets right and wrong, by
 * behaviour, not by the text of the course's answer.
 */
const VERSIONS: [exercise: string, what: string, failing: string[], text: string][] = [
	[
		'fix-the-lock-release',
		'GET and DEL in one MULTI (deletes whoever holds the lock)',
		["B's lock survives A's late release"],
		`import type { PatternContext } from '../../pattern-support';
export async function releaseLock({ redis }: PatternContext, key: string, token: string) {
	const replies = await redis.multi().get(key).del(key).exec();
	return replies?.[0]?.[1] === token;
}`
	],
	[
		'fix-the-lock-release',
		'a release that never deletes',
		["A's release frees A's own lock"],
		`export async function releaseLock() {
	return false;
}`
	],
	[
		'fix-the-rate-limiter',
		'SET ... EX ... NX, then INCR (the window can end between the two)',
		['the counter always has a TTL'],
		`import type { PatternContext } from '../../pattern-support';
export async function fixedWindow({ redis }: PatternContext, key: string, limit: number, windowSeconds: number) {
	await redis.set(key, 0, 'EX', windowSeconds, 'NX');
	const count = await redis.incr(key);
	return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: windowSeconds * 1000 };
}`
	],
	[
		'fix-the-rate-limiter',
		'a limiter that allows everything',
		['5 requests pass and the next is refused'],
		`export async function fixedWindow(_ctx: unknown, _key: string, limit: number) {
	return { allowed: true, limit, remaining: limit, resetMs: 0 };
}`
	],
	[
		'fix-the-flusher',
		'LMOVE to processing, write, LREM, and recover at the start',
		[],
		flushOneAtATime(true)
	],
	[
		'fix-the-flusher',
		'LMOVE to processing, write, LREM, but no recovery',
		['a restarted flusher writes every change to the database'],
		flushOneAtATime(false)
	],
	[
		'fix-the-invalidation',
		'an UPDATE and no DEL',
		['the cache matches the database after the write'],
		`import type { PatternContext } from '../../pattern-support';
export async function updateAndInvalidate(ctx: PatternContext, _key: string, sql: string) {
	return ctx.db.run(sql);
}`
	],
	[
		'fix-the-invalidation',
		'a write that writes nothing',
		['the write changes the database'],
		`export async function updateAndInvalidate() {
	return 0;
}`
	]
];

function flushOneAtATime(recover: boolean) {
	return `import type { PatternContext } from '../../pattern-support';
import { moveAllBack } from '../../pattern-support';
import { applyToDatabase, type QueuedWrite } from '../../patterns/write-behind';
export async function flush(ctx: PatternContext, keys: { queue: string; processing: string; failed: string }) {
	${recover ? 'await moveAllBack(ctx.redis, keys.processing, keys.queue);' : ''}
	const applied: QueuedWrite[] = [];
	let raw: string | null;
	while ((raw = await ctx.redis.lmove(keys.queue, keys.processing, 'LEFT', 'RIGHT')) !== null) {
		const write = JSON.parse(raw) as QueuedWrite;
		await applyToDatabase(ctx)([write]);
		await ctx.redis.lrem(keys.processing, 1, raw);
		applied.push(write);
	}
	return { applied, refused: [] };
}`;
}

describe.each(VERSIONS)('%s: %s', (id, _what, failing, text) => {
	it(failing.length ? `fails ${failing.join(', ')}` : 'passes', async () => {
		const check = await play(
			newSandbox(),
			FIX.find((e) => e.id === id)!,
			text
		);
		expect(check.checks.filter((c) => !c.ok).map((c) => c.label)).toEqual(failing);
		expect(check.passed).toBe(failing.length === 0);
	});
});

describe('at the slowest database setting', () => {
	const slowest = Math.max(...SLOW_DB_CHOICES_MS);
	it.each(['fix-the-flusher', 'fix-the-invalidation'])(
		`%s: a check, broken or fixed, ends well within the worker's ${RUN_TIMEOUT_MS / 1000} s`,
		async (id) => {
			const exercise = FIX.find((e) => e.id === id)!;
			for (const which of ['broken', 'fixed'] as const) {
				const started = performance.now();
				await play(newSandbox(), exercise, textOf(exercise, which), slowest);
				// What the fetches from a browser add on top is a few ms per round trip.
				expect(performance.now() - started).toBeLessThan(RUN_TIMEOUT_MS * 0.8);
			}
		}
	);
});

describe('the course’s versions', () => {
	it.each(['fix-the-lock-release', 'fix-the-flusher'])(
		'%s runs Lua that is the course’s own, by SHA1 (what the shared Redis runs for a learner)',
		async (id) => {
			const exercise = FIX.find((e) => e.id === id)!;
			const { trace, ranOn } = await play(newSandbox(), exercise, textOf(exercise, 'fixed'));
			expect(ranOn).toBe('shared');
			const shas = new Set(trace.filter((e) => e.cmd === 'EVALSHA').map((e) => e.args[0]));
			expect(shas.size).toBeGreaterThan(0);
			for (const sha of shas) expect(courseScriptShas()).toContain(sha);
		}
	);
});

describe('a fix with Lua of the learner’s own', () => {
	it.each([
		[
			'fix-the-lock-release',
			`import { defineScript, runScript, type PatternContext } from '../../pattern-support';
const RELEASE = defineScript("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");
export async function releaseLock({ redis }: PatternContext, key: string, token: string) {
	return (await runScript(redis, RELEASE, [key], [token])) === 1;
}`
		],
		[
			'fix-the-rate-limiter',
			`import { defineScript, runScript, type PatternContext } from '../../pattern-support';
const COUNT = defineScript("local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n");
export async function fixedWindow({ redis }: PatternContext, key: string, limit: number, windowSeconds: number) {
	const count = Number(await runScript(redis, COUNT, [key], [windowSeconds]));
	return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: windowSeconds * 1000 };
}`
		]
	])('%s: runs on the learner’s private lab server, and passes there', async (id, text) => {
		const check = await play(
			newSandbox(),
			FIX.find((e) => e.id === id)!,
			text
		);
		expect(check.ranOn).toBe('lab');
		expect(check.checks.filter((c) => !c.ok)).toEqual([]);
		expect(check.trace.some((entry) => entry.cmd === 'EVALSHA')).toBe(true);
	});
});

describe('?/check and ?/solve of a fix exercise', () => {
	const exercise = FIX.find((e) => e.id === 'fix-the-lock-release')!;
	const labels = Object.values(FIX_SCENARIOS[exercise.id]!.checks);
	const posted = (checks: unknown) => new Map([['checks', JSON.stringify(checks)]]);
	const all = (ok: boolean[]) => labels.map((label, i) => ({ label, ok: ok[i]!, detail: 'seen' }));

	it('passes a well-formed post whose every check is ok, and only that', async () => {
		const learner = newSandbox();
		expect(await checkExercise(learner, exercise, posted(all([true, true, true])))).toEqual({
			exercise: exercise.id,
			passed: true,
			checks: all([true, true, true]),
			hint: exercise.hint
		});
		const failed = await checkExercise(learner, exercise, posted(all([true, true, false])));
		expect(failed).toMatchObject({ passed: false, checks: all([true, true, false]) });
	});

	it.each([
		['no checks field', new Map<string, string>(), /^Run "Check my fix" first\. "checks" must be/],
		['not JSON', new Map([['checks', '[{']]), /; this is not JSON\.$/],
		['not a list', posted({ label: labels[0], ok: true, detail: '' }), /"ok": true or false/],
		[
			'ok as a string',
			posted(all([true, true, true]).map((c) => ({ ...c, ok: 'true' }))),
			/"ok": true or false/
		],
		[
			'an extra field',
			posted(all([true, true, true]).map((c) => ({ ...c, passed: true }))),
			/each \{"label"/
		],
		[
			'a detail too long',
			posted(all([true, true, true]).map((c) => ({ ...c, detail: 'x'.repeat(501) }))),
			/at most 500 characters/
		],
		[
			'a check missing',
			posted(all([true, true, true]).slice(1)),
			/; these are "B's lock survives A's late release", "B's lock survives A's release"\.$/
		],
		['no checks at all', posted([]), /3 checks.*; these are none\.$/],
		[
			'a label of its own',
			posted([{ label: 'all good', ok: true, detail: '' }, ...all([true, true, true]).slice(1)]),
			/in this order.*; these are "all good"/
		]
	])('refuses %s with a 400 that says why', async (_what, fields, message) => {
		const answer = await checkExercise(newSandbox(), exercise, fields);
		expect(answer).toMatchObject({ status: 400, data: { exercise: exercise.id } });
		expect((answer as ExerciseRefused).data.error).toMatch(message);
	});

	it('?/solve answers the course’s version of the module, as its file reads where the learner’s is', async () => {
		for (const fix of FIX) {
			const solution = (await solveExercise(newSandbox(), fix)) as FixSolution;
			expect(solution.exercise).toBe(fix.id);
			const file = fileOf(fix.fix.solution);
			expect(withoutSpecifiers(solution.source)).toBe(withoutSpecifiers(file));
			// a version in the exercises' own folder reads as its file, to the letter
			if (fix.fix.solution.startsWith('exercises/')) expect(solution.source).toBe(file);
			expect(solution.source).toMatch(/^export async function \w+/m);
		}
	});

	it('the course’s own pattern file, shown where the learner’s module is, passes its exercise', async () => {
		const exercise = FIX.find((e) => e.id === 'fix-the-rate-limiter')!;
		const pattern = 'patterns/fixed-window.ts';
		const shown = relocated(fileOf(pattern), pattern, exercise.fix.entry);
		// its imports name the same modules from exercises/broken/
		expect(shown).toContain("from '../../pattern-support'");
		expect(shown).toContain("from '../../patterns/rate-limit'");
		const check = await play(newSandbox(), exercise, shown);
		expect(check.checks.filter((c) => !c.ok)).toEqual([]);
		expect(check.passed).toBe(true);
		// as it is, its imports do not resolve from there
		await expect(play(newSandbox(), exercise, fileOf(pattern))).rejects.toThrow(
			/cannot import '\.\.\/pattern-support'/
		);
	});
});

describe('the lesson page’s ?/check and ?/solve', () => {
	const LOCK_LESSON = { chapter: 'real-world', lesson: 'distributed-lock' };
	const labels = Object.values(FIX_SCENARIOS['fix-the-lock-release']!.checks);

	/** The action called as SvelteKit calls it: a posted form, the learner's cookies. */
	async function post(action: 'check' | 'solve', form: Record<string, string>) {
		const jar = new Map<string, string>();
		const cookies = {
			get: (name: string) => jar.get(name),
			set: (name: string, value: string) => void jar.set(name, value)
		};
		const request = new Request('http://localhost/learn/real-world/distributed-lock', {
			method: 'POST',
			body: new URLSearchParams(form)
		});
		const learnerId = newSandbox().id;
		const answer = await actions[action]({
			params: LOCK_LESSON,
			locals: { learnerId, slowDbMs: 0 },
			request,
			cookies
		} as never);
		return { answer: answer as unknown, passed: (jar.get('exercises') ?? '').split(',') };
	}
	const checks = (ok: boolean[]) =>
		JSON.stringify(
			labels.map((label, i) => ({ label, ok: ok[i], detail: 'as the worker saw it' }))
		);

	it('records a pass for a post whose every check is ok, and not for one that failed', async () => {
		const ok = await post('check', {
			exercise: 'fix-the-lock-release',
			checks: checks([true, true, true])
		});
		expect(ok.answer).toMatchObject({ exercise: 'fix-the-lock-release', passed: true });
		expect(ok.passed).toContain('fix-the-lock-release');

		const failed = await post('check', {
			exercise: 'fix-the-lock-release',
			checks: checks([true, false, true])
		});
		expect(failed.answer).toMatchObject({ passed: false, hint: expect.stringContaining('Lua') });
		expect(failed.passed).not.toContain('fix-the-lock-release');
	});

	it('answers a malformed post with a 400 that says why, and records nothing', async () => {
		const malformed = await post('check', {
			exercise: 'fix-the-lock-release',
			checks: '[{"label":'
		});
		expect(malformed.answer).toMatchObject({
			status: 400,
			data: { exercise: 'fix-the-lock-release', error: expect.stringMatching(/this is not JSON/) }
		});
		expect(malformed.passed).not.toContain('fix-the-lock-release');
		const missing = await post('check', { exercise: 'fix-the-lock-release' });
		expect(missing.answer).toMatchObject({ status: 400 });
	});

	it('?/solve answers the course’s version of the module', async () => {
		const { answer } = await post('solve', { exercise: 'fix-the-lock-release' });
		expect(answer).toEqual({
			exercise: 'fix-the-lock-release',
			source: fileOf('exercises/fixed/release-lock.ts')
		});
	});
});
