import { sha1Hex } from './sha1';

/**
 * What the course's modules use of `node:crypto`, for the browser: random bytes (printed as
 * hex or base64url, as a Buffer would be), random UUIDs, and SHA-1 (for a Lua script's digest).
 */
type Encoding = 'hex' | 'base64' | 'base64url';

/** Bytes that print like a Node Buffer: `randomBytes(8).toString('hex')`. */
export class Bytes extends Uint8Array {
	override toString(encoding: Encoding = 'hex'): string {
		if (encoding === 'hex') return [...this].map((b) => b.toString(16).padStart(2, '0')).join('');
		if (encoding !== 'base64' && encoding !== 'base64url') {
			throw new Error(`toString('${encoding}') is not available here: use 'hex' or 'base64url'.`);
		}
		const base64 = btoa(String.fromCharCode(...this));
		if (encoding === 'base64') return base64;
		return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
	}
}

export function randomBytes(size: number): Bytes {
	if (!Number.isInteger(size) || size < 0 || size > 65536) {
		throw new RangeError(`randomBytes(${size}): the size must be a whole number from 0 to 65536.`);
	}
	return crypto.getRandomValues(new Bytes(size));
}

export const randomUUID = (): string => crypto.randomUUID();

/** `createHash('sha1').update(text).digest('hex')`, the one hash the course uses. */
export function createHash(algorithm: string) {
	if (algorithm.toLowerCase() !== 'sha1') {
		throw new Error(`createHash('${algorithm}') is not available here: only 'sha1' is.`);
	}
	const parts: Uint8Array[] = [];
	const hash = {
		update(data: string | Uint8Array) {
			parts.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
			return hash;
		},
		digest(encoding: 'hex' = 'hex') {
			if (encoding !== 'hex')
				throw new Error(`digest('${encoding}') is not available here: use 'hex'.`);
			const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
			let offset = 0;
			for (const part of parts) {
				all.set(part, offset);
				offset += part.length;
			}
			return sha1Hex(all);
		}
	};
	return hash;
}
