/**
 * SHA-1 of a UTF-8 string, synchronous, as hex: what `createHash('sha1')` gives on the server.
 * The browser's own (crypto.subtle.digest) is asynchronous, and `defineScript` runs when a
 * module loads, so the digest a script is run by (EVALSHA) is computed here (FIPS 180-4).
 */
export function sha1Hex(input: string | Uint8Array): string {
	const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	// The message, a 1 bit, zeros, and its length in bits as 64 bits: a whole number of 64-byte blocks.
	const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
	padded.set(bytes);
	padded[bytes.length] = 0x80;
	const view = new DataView(padded.buffer);
	const bits = bytes.length * 8;
	view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
	view.setUint32(padded.length - 4, bits >>> 0);

	const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
	const w = new Uint32Array(80);
	const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
	for (let block = 0; block < padded.length; block += 64) {
		for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + t * 4);
		for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
		let [a, b, c, d, e] = h as [number, number, number, number, number];
		for (let t = 0; t < 80; t++) {
			const [f, k] =
				t < 20
					? [(b & c) | (~b & d), 0x5a827999]
					: t < 40
						? [b ^ c ^ d, 0x6ed9eba1]
						: t < 60
							? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
							: [b ^ c ^ d, 0xca62c1d6];
			const next = (rotl(a, 5) + f + e + k + w[t]!) >>> 0;
			e = d;
			d = c;
			c = rotl(b, 30) >>> 0;
			b = a;
			a = next;
		}
		h[0] = (h[0]! + a) >>> 0;
		h[1] = (h[1]! + b) >>> 0;
		h[2] = (h[2]! + c) >>> 0;
		h[3] = (h[3]! + d) >>> 0;
		h[4] = (h[4]! + e) >>> 0;
	}
	return h.map((word) => word.toString(16).padStart(8, '0')).join('');
}
