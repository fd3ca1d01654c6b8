import { describe, expect, it } from 'vitest';
import { CompileError, compile, createModules, lineOf } from '$lib/editor/runtime/compile';
import { BUILTINS } from '$lib/editor/runtime/builtins';

const files = {
	'patterns/a.ts': [
		"import type { Redis } from 'ioredis';",
		"import { type Table, TABLE } from '../db/queries';",
		"import { twice } from './b';",
		'',
		'export const tableTwice = (): string => twice(TABLE as Table);',
		'export function fails(): never {',
		"\tthrow new Error('from line 7');",
		'}',
		'export let client: Redis | undefined;'
	].join('\n'),
	'patterns/b.ts': 'export const twice = (s: string): string => s + s;\n',
	'db/queries.ts': "export type Table = 'inventory';\nexport const TABLE = 'inventory';\n"
};

describe("the editor's compiler and loader", () => {
	it('resolves relative imports among the files and strips the types', () => {
		const mod = createModules(files, { builtins: BUILTINS }).load('patterns/a.ts');
		expect((mod.tableTwice as () => string)()).toBe('inventoryinventory');
		expect(mod.client).toBeUndefined();
	});

	it('loads each module once, however many import it', () => {
		const counted = {
			'patterns/x.ts':
				"import { n } from './counter';\nimport { m } from './y';\nexport const both = [n, m];",
			'patterns/y.ts': "import { n } from './counter';\nexport const m = n;",
			'patterns/counter.ts':
				'export const n = ((globalThis as any).__loads = ((globalThis as any).__loads ?? 0) + 1);'
		};
		const mod = createModules(counted, { builtins: BUILTINS }).load('patterns/x.ts');
		expect(mod.both).toEqual([1, 1]);
	});

	it('gives a syntax error with the line of the file', () => {
		const broken = { 'patterns/a.ts': 'const a = 1;\n\nexport const b = (;\n' };
		const error = (() => {
			try {
				createModules(broken, { builtins: BUILTINS }).load('patterns/a.ts');
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(CompileError);
		expect((error as Error).message).toBe('patterns/a.ts, line 3: Unexpected token');
		expect(lineOf(error, 'patterns/a.ts')).toBe(3);
	});

	it('keeps every line where it was: a thrown error names its line in the learner’s text', () => {
		const mod = createModules(files, { builtins: BUILTINS }).load('patterns/a.ts');
		let thrown: unknown;
		try {
			(mod.fails as () => void)();
		} catch (error) {
			thrown = error;
		}
		expect((thrown as Error).message).toBe('from line 7');
		expect(lineOf(thrown, 'patterns/a.ts')).toBe(7);
		expect(lineOf(thrown, 'patterns/b.ts')).toBeUndefined();
	});

	it('refuses a value import of ioredis with a sentence, at the line of the import', () => {
		const valueImport = {
			'patterns/a.ts': "\nimport { Redis } from 'ioredis';\nexport const r = new Redis();\n"
		};
		let thrown: unknown;
		try {
			createModules(valueImport, { builtins: BUILTINS }).load('patterns/a.ts');
		} catch (error) {
			thrown = error;
		}
		expect((thrown as Error).message).toMatch(/^ioredis cannot run in the editor: .*ctx\.redis/);
		expect(lineOf(thrown, 'patterns/a.ts')).toBe(2);
	});

	it('names a module it does not have', () => {
		const missing = { 'patterns/a.ts': "import { x } from './nowhere';\nexport const y = x;" };
		expect(() => createModules(missing, { builtins: BUILTINS }).load('patterns/a.ts')).toThrow(
			"patterns/a.ts: cannot import './nowhere'"
		);
		const bare = { 'patterns/a.ts': "import fs from 'node:fs';\nexport const y = fs;" };
		expect(() => createModules(bare, { builtins: BUILTINS }).load('patterns/a.ts')).toThrow(
			"patterns/a.ts: cannot import 'node:fs' in the editor."
		);
	});

	it('gives node:crypto to the modules', () => {
		const crypto = {
			'patterns/a.ts':
				"import { randomBytes, randomUUID } from 'node:crypto';\nexport const token = randomBytes(8).toString('hex');\nexport const id = randomUUID();"
		};
		const mod = createModules(crypto, { builtins: BUILTINS }).load('patterns/a.ts');
		expect(mod.token).toMatch(/^[0-9a-f]{16}$/);
		expect(mod.id).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('compiles a module without running it', () => {
		expect(typeof compile('patterns/b.ts', files['patterns/b.ts'])).toBe('function');
	});
});
