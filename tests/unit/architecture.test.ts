import { describe, expect, it } from 'vitest';

/**
 * The shape the course promises a reader: a pattern module is what a learner copies, so it
 * imports only the pattern-support module, db/ queries, Node built-ins and the patterns it is
 * built on; nothing of the engine (redis/, sandbox/) or of the demos.
 */
const sources = import.meta.glob<string>('/src/lib/server/patterns/*.ts', {
	query: '?raw',
	import: 'default',
	eager: true
});
const importsOf = (source: string) =>
	[...source.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((match) => match[1]!);

describe('patterns/', () => {
	it('has pattern modules', () => {
		expect(Object.keys(sources).length).toBeGreaterThan(20);
	});

	it.each(Object.entries(sources))(
		'%s imports only pattern-support, db/, node:, ioredis types and patterns',
		(_file, source) => {
			for (const from of importsOf(source)) {
				expect(from, from).toMatch(
					/^(ioredis|\.\.\/pattern-support|\.\.\/db\/[\w-]+|node:[\w/]+|\.\/[\w-]+)$/
				);
			}
		}
	);

	it('holds no demo hooks, views or sample data', () => {
		for (const [file, source] of Object.entries(sources)) {
			expect(source, file).not.toMatch(/crashAfter|SAMPLE_UPDATE|queueState|describeWrite/);
		}
	});
});

describe('the engine', () => {
	const engine = import.meta.glob<string>('/src/lib/server/{redis,sandbox}/*.ts', {
		query: '?raw',
		import: 'default',
		eager: true
	});

	it('never imports a lesson’s pattern code (editing a lesson must not change a limit)', () => {
		for (const [file, source] of Object.entries(engine)) {
			for (const from of importsOf(source))
				expect(from, `${file}: ${from}`).not.toMatch(/patterns\//);
		}
	});

	it('adds the sandbox prefix in one place only: the namespace', () => {
		for (const [file, source] of Object.entries(engine)) {
			if (file.endsWith('/namespace.ts')) continue;
			expect(source, file).not.toMatch(/`sbx:\{\$\{/);
		}
	});
});
