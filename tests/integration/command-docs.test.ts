import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { COMMAND_DOCS } from '../../src/lib/server/redis/command-docs';
import { COMMAND_INDEX } from '../../src/lib/server/content/command-index';
import { commandDocs } from './command-docs-reply';

const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.disconnect());

/** `config|get` → `CONFIG GET`, the way the lessons name commands. */
const named = (name: string) => name.replace('|', ' ').toUpperCase();

describe('the command docs', () => {
	it('every command the course uses has the summary the server gives it', async () => {
		const fromServer = Object.fromEntries(
			Object.entries(commandDocs((await redis.call('COMMAND', 'DOCS')) as unknown[])).map(
				([name, doc]) => [named(name), doc]
			)
		);
		if (process.env.UPDATE_COMMAND_DOCS) {
			const lines = Object.keys(fromServer)
				.sort()
				.map((name) => `\t${JSON.stringify(name)}: ${JSON.stringify(fromServer[name])},`);
			writeFileSync(
				new URL('../../src/lib/server/redis/command-docs.ts', import.meta.url),
				`// Generated from COMMAND DOCS by UPDATE_COMMAND_DOCS=1 npx vitest run command-docs.\n` +
					`// Every command of the server, subcommands as "CONFIG GET"; the /commands page shows those the course uses.\n\n` +
					`export interface CommandDoc {\n\tsummary: string;\n\tsince: string;\n\tgroup: string;\n\tcomplexity?: string;\n}\n\n` +
					`export const COMMAND_DOCS: Record<string, CommandDoc | undefined> = {\n${lines.join('\n')}\n};\n`
			);
		}
		for (const { name } of COMMAND_INDEX) {
			expect(fromServer[name], `${name} is not a command of this server`).toBeDefined();
			expect(COMMAND_DOCS[name], `${name}: regenerate command-docs.ts`).toEqual(fromServer[name]);
		}
	});
});
