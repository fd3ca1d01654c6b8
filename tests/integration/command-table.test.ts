import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ALL_DATA_COMMANDS } from '../../src/lib/server/redis/commands';
import { COMMAND_TABLE } from '../../src/lib/server/redis/command-table';
import { commandSpecsFromCommandInfo, type CommandSpec } from '../../src/lib/server/redis/keyspec';
import { commandDocs } from './command-docs-reply';

const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.disconnect());

async function serverTable(): Promise<Record<string, CommandSpec | undefined>> {
	const parents = [...new Set(ALL_DATA_COMMANDS.map((name) => name.split('|')[0]!))];
	const info = (await redis.call('COMMAND', 'INFO', ...parents)) as unknown[][];
	const all = Object.fromEntries(info.flatMap((entry) => commandSpecsFromCommandInfo(entry)));
	const docs = commandDocs((await redis.call('COMMAND', 'DOCS', ...parents)) as unknown[]);
	return Object.fromEntries(
		ALL_DATA_COMMANDS.map((name) => [
			name,
			all[name] && { ...all[name], summary: docs[name]?.summary ?? '' }
		])
	);
}

describe('the command table', () => {
	it('matches the key-specs the server reports for every allowed command', async () => {
		const fromServer = await serverTable();
		if (process.env.UPDATE_COMMAND_TABLE) {
			const lines = Object.entries(fromServer).map(
				([name, spec]) => `\t${JSON.stringify(name)}: ${JSON.stringify(spec)},`
			);
			const body = `{\n${lines.join('\n')}\n}`;
			writeFileSync(
				new URL('../../src/lib/server/redis/command-table.ts', import.meta.url),
				`// Generated from COMMAND INFO by UPDATE_COMMAND_TABLE=1 npx vitest run command-table.\n` +
					`import type { CommandSpec } from './keyspec';\n\n` +
					`export const COMMAND_TABLE: Record<string, CommandSpec | undefined> = ${body};\n`
			);
		}
		for (const name of ALL_DATA_COMMANDS) {
			expect(fromServer[name], `${name} is unknown to the server`).toBeDefined();
			expect(COMMAND_TABLE[name], `${name} has no key positions in the table`).toEqual(
				fromServer[name]
			);
		}
	});
});
