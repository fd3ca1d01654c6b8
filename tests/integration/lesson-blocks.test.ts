import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRedisBlock } from '../../src/lib/redis-block.js';
import { closeRedis } from '../../src/lib/server/redis/connection';
import { runConsoleLine } from '../../src/lib/server/sandbox/console';
import { Sandbox } from '../../src/lib/server/sandbox/sandboxes';

afterAll(() => closeRedis());

/** Every runnable block of every lesson, as the page would run it: in the learner's console. */
const lessons = readdirSync('content', { recursive: true, encoding: 'utf8' })
	.filter((file) => file.endsWith('.md'))
	.sort()
	.map((file) => ({ file, markdown: readFileSync(join('content', file), 'utf8') }));
const blocks = lessons.flatMap(({ file, markdown }) =>
	[...markdown.matchAll(/^```redis\n([\s\S]*?)^```/gm)].map((match, i) => ({
		name: `${file} block ${i + 1}`,
		steps: parseRedisBlock(match[1]!)
	}))
);

describe('runnable blocks in the lessons', () => {
	it('exist', () => {
		expect(blocks.length).toBeGreaterThan(0);
	});

	it.each(blocks)('$name prints the replies it declares, in a fresh sandbox', async ({ steps }) => {
		const sandbox = new Sandbox(randomBytes(16).toString('base64url'));
		try {
			for (const { command, expected } of steps) {
				const { reply } = await runConsoleLine(sandbox, command);
				if (expected !== null) expect(reply, `> ${command}`).toBe(expected);
			}
		} finally {
			await sandbox.reset();
			sandbox.close();
		}
	});
});
