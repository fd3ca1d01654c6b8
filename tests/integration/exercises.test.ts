import { describe, expect, it } from 'vitest';
import { EXERCISES } from '$lib/server/exercises';
import { jsonIs } from '$lib/server/exercises/checks';
import type { ConsoleExercise } from '$lib/server/exercises/define';
import { checkExercise, solveExercise } from '$lib/server/exercises/run';
import type { ExerciseResult, ExerciseSolution } from '$lib/types';
import { runConsoleLine } from '$lib/server/sandbox/console';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { request, useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

const type = async (sandbox: Sandbox, ...lines: string[]) => {
	for (const line of lines) {
		const { reply, error } = await runConsoleLine(sandbox, line);
		expect(error, `${line} → ${reply}`).toBe(false);
	}
};
/** The console exercises (the fix-the-bug ones have tests/integration/fix-the-bug.test.ts). */
const CONSOLE = [...EXERCISES.values()].filter((e): e is ConsoleExercise => !e.fix);
const exercise = (id: string) => CONSOLE.find((e) => e.id === id)!;
const check = async (sandbox: Sandbox, id: string) =>
	(await checkExercise(sandbox, exercise(id))) as ExerciseResult;
const failing = async (sandbox: Sandbox, id: string) =>
	(await check(sandbox, id)).checks.filter((c) => !c.ok);

describe.each(CONSOLE.map((e) => e.id))('exercise %s', (id) => {
	it('fails in a fresh sandbox, with a hint; Solve runs the model answer, which then passes', async () => {
		const learner = newSandbox();
		const before = await check(learner, id);
		expect(before.passed).toBe(false);
		expect(before.hint.length).toBeGreaterThan(10);
		expect(before.checks.some((c) => !c.ok && c.detail.length > 0)).toBe(true);

		const solved = (await solveExercise(learner, exercise(id))) as ExerciseSolution;
		expect(solved.commands.map((c) => c.line)).toEqual(exercise(id).solution);
		expect(solved.commands.filter((c) => c.reply.startsWith('(error)'))).toEqual([]);
		expect(solved.check.passed).toBe(true);
		expect((await check(learner, id)).passed).toBe(true);

		// Another learner's keys are not theirs: the check reads only the learner's own.
		expect((await check(newSandbox(), id)).passed).toBe(false);
	});
});

describe('the checks are precise', () => {
	it('"about 120 s" takes a TTL of 119 and refuses 200 and none', async () => {
		const learner = newSandbox();
		await type(learner, 'HSET customer:3 name "Chen Wei" city Lyon', 'EXPIRE customer:3 119');
		expect((await check(learner, 'cache-customer-hash')).passed).toBe(true);
		await type(learner, 'EXPIRE customer:3 200');
		expect(await failing(learner, 'cache-customer-hash')).toEqual([
			{ label: 'customer:3 expires in about 120 s', ok: false, detail: 'TTL 200 s' }
		]);
		await type(learner, 'PERSIST customer:3');
		expect((await failing(learner, 'cache-customer-hash'))[0]?.detail).toBe(
			'customer:3 has no TTL: it never expires'
		);
	});

	it('a string where a hash is wanted fails, saying so', async () => {
		const learner = newSandbox();
		await type(learner, 'SET customer:3 \'{"name":"Chen Wei","city":"Lyon"}\' EX 120');
		const failed = await failing(learner, 'cache-customer-hash');
		expect(failed[0]).toEqual({
			label: 'customer:3 is a hash',
			ok: false,
			detail: 'customer:3 is a string, not a hash'
		});
	});

	it('a wrong field value is named with what was found', async () => {
		const learner = newSandbox();
		await type(learner, 'HSET customer:3 name Chen city Lyon', 'EXPIRE customer:3 120');
		expect((await failing(learner, 'cache-customer-hash')).map((c) => c.detail)).toEqual([
			'name is "Chen"'
		]);
	});

	it('"about 60 s" leaves 10 s to type and press Check: 50 passes, 49 does not', async () => {
		const learner = newSandbox();
		await type(learner, 'SET customer:label:6 \'{"name":"Freya Lund","city":"Oslo"}\' EX 50');
		expect((await check(learner, 'cache-chosen-fields')).passed).toBe(true);
		await type(learner, 'EXPIRE customer:label:6 49');
		expect(await failing(learner, 'cache-chosen-fields')).toEqual([
			{ label: 'customer:label:6 expires in about 60 s', ok: false, detail: 'TTL 49 s' }
		]);
	});

	it('a lesson mistake is named: a plain ZADD keeps the last game, an LPOP loses the job', async () => {
		const learner = newSandbox();
		await type(learner, 'ZADD board:best-games 400 lin', 'ZADD board:best-games 520 lin');
		await type(learner, 'ZADD board:best-games 350 lin');
		expect((await failing(learner, 'keep-the-best-score')).map((c) => c.detail)).toEqual([
			'lin scores 350'
		]);
		await type(learner, 'RPUSH mail:queue "receipt 11" "receipt 12"', 'LPOP mail:queue');
		expect((await failing(learner, 'park-a-job')).map((c) => c.detail)).toEqual([
			'mail:processing:worker-3 is empty or missing'
		]);
	});
});

describe('jsonIs', () => {
	const KEY = 'card';
	const CARD = { name: 'Freya Lund', city: 'Oslo' };
	const judge = async (line: string, expected: unknown = CARD) => {
		const learner = newSandbox();
		await type(learner, line);
		return jsonIs((await request(learner)).ctx.redis, KEY, expected);
	};

	it('passes the same data whatever the spacing and the order of the fields', async () => {
		expect(await judge(`SET ${KEY} '{ "city": "Oslo", "name": "Freya Lund" }'`)).toEqual({
			label: 'card holds {"name":"Freya Lund","city":"Oslo"}',
			ok: true,
			detail: 'the same JSON'
		});
		const rows = [{ id: 1 }, { id: 3 }];
		expect((await judge(`SET ${KEY} '[{"id":1}, {"id":3}]'`, rows)).ok).toBe(true);
	});

	it('names an extra field, a missing one and a different value, by path', async () => {
		const withEmail = `SET ${KEY} '{"name":"Freya Lund","city":"Oslo","email":"freya@example.com"}'`;
		expect((await judge(withEmail)).detail).toBe('an extra field email');
		expect((await judge(`SET ${KEY} '{"name":"Freya Lund"}'`)).detail).toBe('no field city');
		expect(await judge(`SET ${KEY} '{"name":"Freya","city":"Oslo"}'`)).toEqual({
			label: 'card holds {"name":"Freya Lund","city":"Oslo"}',
			ok: false,
			detail: 'name is "Freya", not "Freya Lund"'
		});
		const rows = [{ id: 1 }, { id: 3 }];
		expect((await judge(`SET ${KEY} '[{"id":"1"}]'`, rows)).detail).toBe(
			'card has 1 element, not 2; [0].id is "1", not 1'
		);
		expect((await judge(`SET ${KEY} '[]'`)).detail).toBe(
			'card is [], not {"name":"Freya Lund","city":"Oslo"}'
		);
		expect((await judge(`SET ${KEY} '{"a":1,"b":2,"c":3,"d":4}'`)).detail).toBe(
			'no field name; no field city; an extra field a; 3 more'
		);
	});

	it('says when the value is not JSON, not a string, or not there', async () => {
		expect((await judge(`SET ${KEY} "name=Freya Lund"`)).detail).toBe(
			'card is not JSON: "name=Freya Lund"'
		);
		expect((await judge(`HSET ${KEY} name "Freya Lund" city Oslo`)).detail).toBe(
			'card is a hash, not a string'
		);
		expect((await judge(`SET other '{}'`)).detail).toBe('card does not exist');
	});
});
