/**
 * Prints a reply as redis-cli does: "bulk", (integer) 1, (nil), (empty array), numbered nested
 * lists and (error) messages. ioredis returns status replies (OK, PONG, QUEUED, type names) as
 * plain strings, so the caller says which command produced the reply.
 */
const STATUS_REPLY_COMMANDS = new Set([
	'set', 'setex', 'psetex', 'mset', 'hmset', 'rename', 'lset', 'ltrim', 'pfmerge', 'type',
	'ping', 'multi', 'discard', 'watch', 'unwatch', 'xgroup|create', 'xgroup|setid', 'restore'
]); // prettier-ignore

export function isStatusReply(command: string, args: readonly string[]): boolean {
	if (command === 'set') return !args.some((a) => a.toUpperCase() === 'GET');
	if (command === 'ping') return args.length === 0;
	return STATUS_REPLY_COMMANDS.has(command);
}

export function formatReply(reply: unknown, status = false, indent = 0): string {
	if (reply === null || reply === undefined) return '(nil)';
	if (reply instanceof Error) return `(error) ${reply.message}`;
	if (typeof reply === 'number' || typeof reply === 'bigint') return `(integer) ${reply}`;
	if (Buffer.isBuffer(reply)) return quote(reply.toString('latin1'));
	if (typeof reply === 'string') return status ? reply : quote(reply);
	if (Array.isArray(reply)) {
		if (reply.length === 0) return '(empty array)';
		const width = String(reply.length).length;
		return reply
			.map((item, i) => {
				const label = `${String(i + 1).padStart(width)}) `;
				const body = formatReply(item, false, indent + label.length);
				return (i === 0 ? '' : ' '.repeat(indent)) + label + body;
			})
			.join('\n');
	}
	if (typeof reply === 'object') {
		// ioredis turns HGETALL into an object: print it as the flat list Redis sent.
		return formatReply(Object.entries(reply).flat(), false, indent);
	}
	return String(reply);
}

/** A bulk string in double quotes, with the escapes redis-cli uses. */
export function quote(value: string): string {
	let out = '"';
	for (const ch of value) {
		const code = ch.codePointAt(0)!;
		if (ch === '\\' || ch === '"') out += `\\${ch}`;
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += '\\t';
		else if (ch === '\x07') out += '\\a';
		else if (ch === '\b') out += '\\b';
		else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
		else if (code > 0x7f) out += utf8Escaped(ch);
		else out += ch;
	}
	return `${out}"`;
}

// redis-cli prints every byte above 0x7f as \xHH.
const utf8Escaped = (ch: string) =>
	[...Buffer.from(ch, 'utf8')].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');

/** Cuts a long text for display, saying how much was left out. */
export function shorten(text: string, max = 240): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
