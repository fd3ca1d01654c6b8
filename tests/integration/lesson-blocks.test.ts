import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRedisBlock, type RedisStep } from '../../src/lib/redis-block.js';
import { runConsoleLine, type ConsoleReply } from '../../src/lib/server/sandbox/console';
import { useSandboxes } from './fixtures';

const { newSandbox } = useSandboxes();

/**
 * Runs a block's commands one after another and says what is wrong with each line: a command
 * the block gives no reply for, an error the block does not expect, a reply other than the one
 * it declares. An empty list is a block whose every line printed exactly what the lesson says.
 */
async function blockProblems(
	steps: RedisStep[],
	run: (command: string) => Promise<ConsoleReply>
): Promise<{ command: string; text: string }[]> {
	const problems: { command: string; text: string }[] = [];
	const problem = (command: string, text: string) =>
		problems.push({ command, text: `> ${command}: ${text}` });
	for (const { command, expected, anyReply } of steps) {
		const { reply, error } = await run(command);
		if (anyReply && !error) continue;
		if (expected === null && !anyReply) problem(command, `no expected reply (it printed ${reply})`);
		else if (reply === expected) continue;
		else if (error) problem(command, `an error the block does not expect: ${reply}`);
		else problem(command, `expected ${expected}, printed ${reply}`);
	}
	return problems;
}

/**
 * Runs a block's source in a fresh learner's console, as the page's Run button would; each
 * problem names the line of its command, counted from `firstLine` (the block's first line).
 */
async function problemsInFreshSandbox(source: string, firstLine = 1) {
	const sandbox = newSandbox();
	const lines = source.split('\n');
	let at = -1;
	const lineOf = (command: string) => {
		at = lines.findIndex((line, i) => i > at && line.replace(/^> /, '').trim() === command);
		return firstLine + at;
	};
	try {
		const problems = await blockProblems(parseRedisBlock(source), (command) =>
			runConsoleLine(sandbox, command)
		);
		return problems.map((problem) => `line ${lineOf(problem.command)}: ${problem.text}`);
	} finally {
		await sandbox.reset();
	}
}

describe('the block check', () => {
	it('passes a block whose every line prints the reply it declares', async () => {
		expect(await problemsInFreshSandbox('> SET k v\nOK\n> GET k\n"v"\n')).toEqual([]);
	});

	it('lets a clean-up line marked "# any reply" print any reply but an error', async () => {
		expect(
			await problemsInFreshSandbox('> DEL k\n# any reply: 1 after a run\n> SET k v\nOK\n')
		).toEqual([]);
		expect(await problemsInFreshSandbox('> INCR k v\n# any reply\n')).toEqual([
			"line 1: > INCR k v: an error the block does not expect: (error) ERR wrong number of arguments for 'incr' command"
		]);
	});

	it('fails a command line that has no expected reply', async () => {
		expect(await problemsInFreshSandbox('> SET k v\n> GET k\n"v"\n')).toEqual([
			'line 1: > SET k v: no expected reply (it printed OK)'
		]);
	});

	it('fails every line of a block with no "> " (commands only, nothing expected)', async () => {
		expect(await problemsInFreshSandbox('SET k v\nGET k\n')).toEqual([
			'line 1: > SET k v: no expected reply (it printed OK)',
			'line 2: > GET k: no expected reply (it printed "v")'
		]);
	});

	it('fails an (error) reply the block does not expect', async () => {
		expect(await problemsInFreshSandbox('> SET k v\nOK\n> INCR k\n(integer) 1\n')).toEqual([
			'line 3: > INCR k: an error the block does not expect: (error) ERR value is not an integer or out of range'
		]);
	});

	it('passes an (error) reply the block does expect', async () => {
		expect(
			await problemsInFreshSandbox(
				'> SET k v\nOK\n> INCR k\n(error) ERR value is not an integer or out of range\n'
			)
		).toEqual([]);
	});

	it('fails a reply other than the one declared', async () => {
		expect(await problemsInFreshSandbox('> SET k v\nOK\n> GET k\n"w"\n')).toEqual([
			'line 3: > GET k: expected "w", printed "v"'
		]);
	});
});

/** Every runnable block of every lesson, as the page would run it: in the learner's console. */
const blocks = readdirSync('content', { recursive: true, encoding: 'utf8' })
	.filter((file) => file.endsWith('.md'))
	.sort()
	.flatMap((file) => {
		const markdown = readFileSync(join('content', file), 'utf8');
		return [...markdown.matchAll(/^```redis\n([\s\S]*?)^```/gm)].map((match, i) => {
			const fence = markdown.slice(0, match.index).split('\n').length;
			return { name: `content/${file}:${fence} (block ${i + 1})`, source: match[1]!, fence };
		});
	});

describe('runnable blocks in the lessons', () => {
	it('exist', () => {
		expect(blocks.length).toBeGreaterThan(0);
	});

	for (const { name, source, fence } of blocks) {
		it(`${name} prints the replies it declares, in a fresh sandbox`, async () => {
			expect(await problemsInFreshSandbox(source, fence + 1)).toEqual([]);
		});
	}
});
