/**
 * Prints a reply as redis-cli does: "bulk", (integer) 1, (nil), (empty array), numbered nested
 * lists and (error) messages. ioredis returns status replies (OK, PONG, QUEUED, type names) as
 * plain strings, so the caller says which command produced the reply.
 */
const STATUS_REPLY_COMMANDS = new Set([
	'set', 'setex', 'psetex', 'mset', 'hmset', 'rename', 'lset', 'ltrim', 'pfmerge', 'type',
	'ping', 'multi', 'discard', 'watch', 'unwatch', 'xgroup|create', 'xgroup|setid', 'restore',
	// Lab servers only: the course's own administration commands.
	'config|set', 'config|resetstat', 'config|rewrite', 'flushall', 'flushdb', 'save', 'bgsave',
	'bgrewriteaof', 'shutdown', 'debug|populate', 'debug|sleep', 'debug|reload', 'script|flush',
	'cluster|meet', 'cluster|addslots', 'cluster|addslotsrange', 'cluster|reset', 'replicaof',
	'slowlog|reset', 'asking', 'readonly', 'readwrite', 'select'
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
	if (Buffer.isBuffer(reply)) return quote(reply);
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

/** Printable ASCII only: then each character is one byte, and only `"` and `\` need escaping. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** A bulk string in double quotes, with the escapes redis-cli uses (byte by byte, as sdscatrepr). */
export function quote(value: string | Buffer): string {
	// The common case (a cached JSON value, say) without a byte-by-byte walk: a HIT's trace
	// prints its value on every click.
	if (typeof value === 'string' && PRINTABLE.test(value))
		return `"${value.replace(/["\\]/g, '\\$&')}"`;
	let out = '"';
	for (const byte of typeof value === 'string' ? Buffer.from(value, 'utf8') : value) {
		const ch = String.fromCharCode(byte);
		if (ch === '\\' || ch === '"') out += `\\${ch}`;
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += '\\t';
		else if (ch === '\x07') out += '\\a';
		else if (ch === '\b') out += '\\b';
		else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
		else out += ch;
	}
	return `${out}"`;
}

/** EXEC's reply: each item was produced by its own command, so each has its own status flag. */
export function formatReplies(replies: unknown[], status: boolean[]): string {
	if (replies.length === 0) return '(empty array)';
	const width = String(replies.length).length;
	return replies
		.map((reply, i) => {
			const label = `${String(i + 1).padStart(width)}) `;
			return label + formatReply(reply, status[i], label.length);
		})
		.join('\n');
}

/** Cuts a long text for display, saying how much was left out. */
/** A long argument cut for the trace: its first 200 characters and its length. */
export const shownArg = (arg: string) =>
	arg.length <= 200 ? arg : `${arg.slice(0, 200)}… (${arg.length} chars)`;

export function shorten(text: string, max = 240): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
