import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defineScript } from '$lib/server/pattern-support';
import { sha1Hex } from '$lib/editor/runtime/sha1';
import {
	createHash as browserHash,
	randomBytes as browserBytes
} from '$lib/editor/runtime/node-crypto';

const nodeSha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');

describe("the editor's SHA-1", () => {
	it.each([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 100_000])(
		'matches node:crypto on %i bytes',
		(size) => {
			const bytes = new Uint8Array(randomBytes(size));
			expect(sha1Hex(bytes)).toBe(nodeSha1(bytes));
		}
	);

	it('hashes text as UTF-8, as Node does', () => {
		for (const text of ['', 'abc', 'héllo wörld', '日本語 🚀', "redis.call('GET', KEYS[1])\n"]) {
			expect(sha1Hex(text)).toBe(nodeSha1(text));
		}
	});

	it('gives every course Lua script the SHA the server runs it by', () => {
		const source =
			"if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\nreturn redis.call('DEL', KEYS[1])\n";
		expect(browserHash('sha1').update(source).digest('hex')).toBe(defineScript(source).sha);
		// in parts, as update() may be called several times
		expect(
			browserHash('sha1').update(source.slice(0, 10)).update(source.slice(10)).digest('hex')
		).toBe(defineScript(source).sha);
	});
});

describe("the editor's node:crypto", () => {
	it('prints random bytes as a Buffer would', () => {
		const bytes = browserBytes(8);
		expect(bytes.toString('hex')).toMatch(/^[0-9a-f]{16}$/);
		expect(bytes.toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
		expect(bytes.toString('base64url')).toBe(Buffer.from(bytes).toString('base64url'));
		expect(bytes.toString('base64')).toBe(Buffer.from(bytes).toString('base64'));
		expect(browserBytes(8).toString('hex')).not.toBe(bytes.toString('hex'));
	});

	it('refuses what it does not have, by name', () => {
		expect(() => browserHash('md5')).toThrow("createHash('md5') is not available here");
		expect(() => browserBytes(-1)).toThrow('whole number');
	});
});
