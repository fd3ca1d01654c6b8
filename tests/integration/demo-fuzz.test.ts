/**
 * Random and hostile values in every demo's fields, through the `demo` action's own entry
 * (`runDemo`, as the page calls it after readForm) in a real sandbox: no answer is a 5xx, and a
 * 4xx says what to fix in one sentence (issue 13, hostile requests). Values that fail validation
 * cost nothing, so most runs are those; values that pass run the demo for real, twice per demo
 * and once for a demo that starts lab servers (about 1 s a run), none for one without fields.
 */
import { readFileSync } from 'node:fs';
import { isActionFailure } from '@sveltejs/kit';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEMOS } from '$lib/server/demos';
import type { Demo } from '$lib/server/demos/define';
import { runDemo } from '$lib/server/demos/run';
import type { DemoField, DemoResult } from '$lib/types';
import { useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

/** A demo that starts private redis-servers costs a second or more a run: run it once. */
const startsLabs = (demo: Demo) =>
	/\.(lab|clusterLab)\(/.test(readFileSync(`src/lib/server/demos/${demo.id}.ts`, 'utf8'));

/** Strings a client could send in any field. */
const HOSTILE: string[] = [
	'',
	' ',
	'\u0000',
	'a\u0000b',
	'line\r\nSET other 1',
	'\r\n',
	'-1',
	'-0',
	'+5',
	' 5 ',
	'05',
	'1e309',
	'1e3',
	'0x10',
	'NaN',
	'Infinity',
	'-Infinity',
	'9'.repeat(30),
	'-' + '9'.repeat(9),
	String(Number.MAX_SAFE_INTEGER),
	'3.5',
	'__proto__',
	'constructor',
	'toString',
	'{"__proto__":{"polluted":1}}',
	'[1,2]',
	'*',
	'?',
	'[',
	'\\',
	'%00',
	'${7*7}',
	'<script>alert(1)</script>',
	'../../etc/passwd',
	'é'.repeat(10),
	'e\u0301',
	'\u202Eevil',
	'\uD800',
	'🙂🙂🙂',
	'x'.repeat(64),
	'x'.repeat(10_000),
	'x'.repeat(300_000)
];

/** A value the field's widget could send: an option, an integer in range, short text. */
function plausible(field: DemoField): fc.Arbitrary<string> {
	switch (field.kind) {
		case 'choice':
			return fc.constantFrom(...field.options);
		case 'integer':
			return fc
				.oneof(
					fc.constantFrom(field.min, field.max, field.default),
					fc.integer({ min: field.min, max: field.max })
				)
				.map(String);
		case 'text':
			return fc.oneof(
				fc.constant(field.default),
				fc.string({ unit: 'grapheme', minLength: 1, maxLength: field.maxLength })
			);
	}
}

/** Anything: a hostile constant, a random string of any unicode, a number out of range. */
const hostile: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(...HOSTILE),
	fc.string({ unit: 'binary', maxLength: 200 }),
	fc.oneof(fc.integer(), fc.double()).map(String)
);

const fieldValue = (field: DemoField) =>
	fc.oneof({ arbitrary: plausible(field), weight: 2 }, { arbitrary: hostile, weight: 1 });

/** A form for the demo: each field plausible, hostile or missing, and perhaps extra fields. */
function formOf(demo: Demo): fc.Arbitrary<Map<string, string>> {
	const fields = Object.fromEntries(demo.fields.map((field) => [field.name, fieldValue(field)]));
	const extra = fc.dictionary(
		fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x'),
		hostile,
		{ maxKeys: 2 }
	);
	return fc
		.tuple(fc.record(fields, { requiredKeys: [] }), extra)
		.map(
			([values, more]) =>
				new Map([...Object.entries(more), ...(Object.entries(values) as [string, string][])])
		)
		.map((form) => form.set('demo', demo.id));
}

/** What a learner may be shown: one sentence, never the driver's or the validator's words. */
function expectSentence(error: unknown, context: string) {
	expect(typeof error, context).toBe('string');
	const text = error as string;
	expect(text.length, context).toBeGreaterThan(10);
	expect(text.length, context).toBeLessThan(400);
	expect(text, context).toMatch(/^["\p{L}]/u);
	expect(text, context).not.toMatch(
		/\n|Invalid (type|key|length)|Expected|Received|TypeError|ReplyError|ERR |undefined|\[object/
	);
}

/** Asserts the answer is a demo result or a 4xx with a sentence; true when the demo ran. */
function check(answer: unknown, form: Map<string, string>): boolean {
	const context = `${JSON.stringify(Object.fromEntries(form)).slice(0, 300)}`;
	if (isActionFailure(answer)) {
		expect(answer.status, `${context}: ${JSON.stringify(answer.data).slice(0, 300)}`).toBeLessThan(
			500
		);
		expect(answer.status, context).toBeGreaterThanOrEqual(400);
		expectSentence((answer.data as { error?: unknown } | undefined)?.error, context);
		return false;
	}
	const result = answer as DemoResult;
	expect(result.demo, context).toBe(form.get('demo'));
	expect(typeof result.outcome, context).toBe('string');
	return true;
}

async function fuzz(demo: Demo) {
	try {
		await fuzzFields(demo);
	} catch (error) {
		throw new Error(`${demo.id}: ${(error as Error).message}`, { cause: error });
	}
}

async function fuzzFields(demo: Demo) {
	const sandbox = newSandbox();
	const lesson = { id: 'fuzz', demos: [demo.id] };
	// A lab demo without fields has nothing random to run with: only its refused extra fields.
	const realRuns = startsLabs(demo) ? Math.min(1, demo.fields.length) : 2;
	let ran = 0;
	await fc.assert(
		fc.asyncProperty(formOf(demo), async (form) => {
			// Past its budget of real runs, a demo gets only the values its schema refuses.
			if (ran >= realRuns && v.safeParse(demo.schema, Object.fromEntries(form)).success) return;
			if (check(await runDemo(sandbox, lesson, form, { slowDbMs: 0 }), form)) ran++;
		}),
		{ numRuns: 60 }
	);
}

describe('every demo, random and hostile values in its fields', () => {
	const demos = [...DEMOS.values()];

	it('no 5xx, and a 4xx says why in a sentence', { timeout: 120_000 }, async () => {
		const labs = demos.filter(startsLabs);
		const others = demos.filter((demo) => !startsLabs(demo));
		// The lab demos one after the other (four lab servers at most run at once), beside the rest.
		const fuzzed = await Promise.allSettled([
			(async () => {
				for (const demo of labs) await fuzz(demo);
			})(),
			...others.map(fuzz)
		]);
		// Every demo finished before the first failure is reported (the fixture then closes Redis).
		const failed = fuzzed.flatMap((outcome) =>
			outcome.status === 'rejected' ? [outcome.reason as Error] : []
		);
		expect(failed.map((error) => error.message)).toEqual([]);
	});

	it('the demo field itself: missing, unknown, another lesson’s, hostile', async () => {
		const sandbox = newSandbox();
		const lesson = { id: 'fuzz', demos: ['cache-aside-read'] };
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					hostile,
					fc.constantFrom(...DEMOS.keys()).filter((id) => id !== 'cache-aside-read')
				),
				async (id) => {
					const form = new Map([['demo', id]]);
					const answer = await runDemo(sandbox, lesson, form, { slowDbMs: 0 });
					expect(isActionFailure(answer)).toBe(true);
					check(answer, form);
				}
			),
			{ numRuns: 200 }
		);
	});
});
