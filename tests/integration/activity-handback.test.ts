/**
 * A demo run hands the lesson's activity log back to the page, or only its own entry when the
 * page's log is already current (the form's `activity-top` names the newest entry before this
 * run): then the page adds the entry itself, and neither side handles thirty entries per click.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVITY_PER_LESSON, activityTag, withEntry } from '$lib/activity';
import type { ActivityEntry, DemoResult } from '$lib/types';
import { runDemo } from '$lib/server/demos/run';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();
const lesson = { id: 'basic-caching/cache-aside', demos: ['cache-aside-read'] };

async function click(sandbox: Sandbox, top?: string): Promise<DemoResult> {
	const form = new Map([
		['demo', 'cache-aside-read'],
		['table', 'inventory']
	]);
	if (top !== undefined) form.set('activity-top', top);
	return (await runDemo(sandbox, lesson, form, { slowDbMs: 0 })) as DemoResult;
}

const entryOf = ({ demo, outcome, summary, ms, at }: DemoResult): ActivityEntry => ({
	demo,
	outcome,
	summary,
	ms,
	at
});

describe('the activity log a click hands back', () => {
	it('is the whole log when the form does not say what the page shows', async () => {
		const sandbox = newSandbox();
		await click(sandbox);
		const second = await click(sandbox);
		expect(second.activity?.map(({ outcome }) => outcome)).toEqual(['hit', 'miss']);
	});

	it('is left out when the page shows the newest entry before the run, and adding the entry gives the server’s log', async () => {
		const sandbox = newSandbox();
		const first = await click(sandbox, ''); // an empty log on the page, and in Redis
		expect(first.activity).toBeUndefined();
		let shown = withEntry([], entryOf(first));
		for (let i = 0; i < ACTIVITY_PER_LESSON + 2; i++) {
			const next = await click(sandbox, activityTag(shown[0]!));
			expect(next.activity).toBeUndefined();
			shown = withEntry(shown, entryOf(next));
		}
		// The page's log, kept by adding entries, is the one the server keeps.
		expect(shown).toHaveLength(ACTIVITY_PER_LESSON);
		expect(await sandbox.activityOf(lesson.id)).toEqual(shown);
	});

	it('is the whole log again when an entry the page has not seen came in between', async () => {
		const sandbox = newSandbox();
		const first = await click(sandbox, '');
		// Another tab, or another instance, ran something meanwhile.
		await sandbox.log(lesson.id, { ...entryOf(first), summary: 'elsewhere', at: first.at + 1 });
		const next = await click(sandbox, activityTag(entryOf(first)));
		expect(next.activity?.map(({ summary }) => summary)).toEqual([
			next.summary,
			'elsewhere',
			first.summary
		]);
		// A page showing an empty log while the server has entries gets them all.
		expect((await click(sandbox, ''))?.activity).toHaveLength(4);
	});
});
