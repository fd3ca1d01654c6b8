import { describe, expect, it } from 'vitest';
import { EXERCISES } from '$lib/server/exercises';
import { checkExercise, solveExercise } from '$lib/server/exercises/run';
import { runConsoleLine } from '$lib/server/sandbox/console';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

const type = async (sandbox: Sandbox, ...lines: string[]) => {
	for (const line of lines) {
		const { reply, error } = await runConsoleLine(sandbox, line);
		expect(error, `${line} → ${reply}`).toBe(false);
	}
};
const exercise = (id: string) => EXERCISES.get(id)!;
const failing = async (sandbox: Sandbox, id: string) =>
	(await checkExercise(sandbox, exercise(id))).checks.filter((c) => !c.ok);

describe.each([...EXERCISES.keys()])('exercise %s', (id) => {
	it('fails in a fresh sandbox, with a hint; Solve runs the model answer, which then passes', async () => {
		const learner = newSandbox();
		const before = await checkExercise(learner, exercise(id));
		expect(before.passed).toBe(false);
		expect(before.hint.length).toBeGreaterThan(10);
		expect(before.checks.some((c) => !c.ok && c.detail.length > 0)).toBe(true);

		const solved = await solveExercise(learner, exercise(id));
		expect(solved.commands.map((c) => c.line)).toEqual(exercise(id).solution);
		expect(solved.commands.filter((c) => c.reply.startsWith('(error)'))).toEqual([]);
		expect(solved.check.passed).toBe(true);
		expect((await checkExercise(learner, exercise(id))).passed).toBe(true);

		// Another learner's keys are not theirs: the check reads only the learner's own.
		expect((await checkExercise(newSandbox(), exercise(id))).passed).toBe(false);
	});
});

describe('the checks are precise', () => {
	it('"about 120 s" takes a TTL of 119 and refuses 200 and none', async () => {
		const learner = newSandbox();
		await type(learner, 'HSET customer:3 name "Chen Wei" city Lyon', 'EXPIRE customer:3 119');
		expect((await checkExercise(learner, exercise('cache-customer-hash'))).passed).toBe(true);
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
});
