import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRedisBlock } from '../../src/lib/redis-block.js';
import { runConsoleLine } from '$lib/server/sandbox/console';
import type { Sandbox } from '$lib/server/sandbox/sandboxes';
import { runDemo, useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

/** Every command of every runnable block in a chapter, in reading order. */
function chapterCommands(chapter: string): string[] {
	const dir = join('content', chapter);
	return readdirSync(dir)
		.filter((file) => file.endsWith('.md'))
		.sort()
		.flatMap((file) => {
			const markdown = readFileSync(join(dir, file), 'utf8');
			return [...markdown.matchAll(/^```redis\n([\s\S]*?)^```/gm)].flatMap((match) =>
				parseRedisBlock(match[1]!).map(({ command }: { command: string }) => command)
			);
		});
}

/** What foundations/why-redis asks the learner to type in its "Try it". */
const TRY_IT = ['SET visits 10', 'INCR visits', 'EXPIRE visits 30'];

async function typeAll(sandbox: Sandbox, commands: string[]) {
	for (const command of commands) await runConsoleLine(sandbox, command);
}

/** The first "Try it" step of each basic-caching lesson, and what it promises. */
const FIRST_STEPS: [lesson: string, check: (sandbox: Sandbox) => Promise<void>][] = [
	[
		'cache-aside: Read inventory is a MISS with the SELECT',
		async (sandbox) => {
			const { outcome, sql, result } = await runDemo(sandbox, 'cache-aside-read', {
				table: 'inventory'
			});
			expect(outcome).toBe('miss');
			expect(sql.map((s) => s.sql)).toEqual([expect.stringMatching(/^SELECT .* FROM inventory/)]);
			expect(result).toHaveLength(10);
		}
	],
	[
		'write-through: Write through inventory is a WRITE with UPDATE, SELECT and SET',
		async (sandbox) => {
			const { outcome, sql, trace } = await runDemo(sandbox, 'write-through-write', {
				table: 'inventory'
			});
			expect(outcome).toBe('write');
			expect(sql.map((s) => s.sql.split(' ')[0])).toEqual(['UPDATE', 'SELECT']);
			expect(trace.map((t) => t.cmd)).toContain('SET');
		}
	],
	[
		'write-behind: Write city Paris for customer 1 is QUEUED, queue 1',
		async (sandbox) => {
			const { outcome, result } = await runDemo(sandbox, 'write-behind-write', {
				'customer-id': '1',
				field: 'city',
				value: 'Paris'
			});
			expect(outcome).toBe('queued');
			expect(result.queue).toBe(1);
		}
	],
	[
		'cold-vs-warm: 20 reads, 20 of 20 cold misses and warm hits',
		async (sandbox) => {
			const { outcome, result } = await runDemo(sandbox, 'cold-vs-warm', { reads: '20' });
			expect(outcome).toBe('done');
			expect(result['cold misses']).toBe('20 of 20');
			expect(result['warm hits']).toBe('20 of 20');
		}
	]
];

describe('reading in order: the foundations blocks never break a basic-caching first step', () => {
	const foundations = [...chapterCommands('01-foundations'), ...TRY_IT];

	it('the foundations chapter has blocks to type', () => {
		expect(foundations.length).toBeGreaterThan(30);
	});

	for (const [lesson, firstStep] of FIRST_STEPS) {
		it(`after every foundations block, ${lesson}`, async () => {
			const sandbox = newSandbox();
			await typeAll(sandbox, foundations);
			await firstStep(sandbox);
		});
	}

	it('the check can fail: a primer block that wrote query:inventory would turn the first Read into a HIT', async () => {
		const sandbox = newSandbox();
		await typeAll(sandbox, [...foundations, "SET query:inventory '[]'"]);
		await expect(FIRST_STEPS[0]![1](sandbox)).rejects.toThrow();
	});
});
