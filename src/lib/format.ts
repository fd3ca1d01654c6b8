/** Small display helpers shared by the widgets. */
export const formatMs = (ms: number) =>
	ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);

/** An argument as redis-cli would need it typed: quoted when it has spaces or quotes. */
export function formatArg(arg: string, max = 80): string {
	const shown = arg.length > max ? `${arg.slice(0, max)}…` : arg;
	return /^[^\s"'\\]+$/.test(arg) ? shown : JSON.stringify(shown);
}

/** HIT, MISS, NOT-OWNER, ...: outcomes are shown in words, never by colour alone. */
export const outcomeLabel = (outcome: string) => outcome.toUpperCase();

/** "1 key", "2 keys"; `many` when the plural is not the word plus an s. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A long line cut into pieces after punctuation (`:`, `,`, `"`, `}`...), so that the page can
 * offer a line break there (with <wbr>) and never has to break inside a word.
 */
export const breakable = (text: string): string[] => text.split(/(?<=[,:;/\\"'}\]=&|>])/);

/**
 * A TTL as redis-cli's TTL words it: the seconds left, -1 (no expiry) or -2 (no such key).
 * `leftMs` is what PTTL said, less the time since; below zero once the key has expired.
 */
export function ttlLabel(ttlMs: number, leftMs = ttlMs): string {
	if (ttlMs === -1) return '-1 (no expiry)';
	if (ttlMs === -2) return '-2 (no such key)';
	return leftMs <= 0 ? '-2 (expired)' : `${Math.ceil(leftMs / 1000)} s`;
}

/** A NOSCRIPT reply: the client's first EVALSHA of a script the server has not cached yet. */
export const isNoScript = (reply: string) => reply.startsWith('(error) NOSCRIPT');

/** An error reply that is not the expected NOSCRIPT of a script's first call. */
export const isErrorReply = (reply: string) => reply.startsWith('(error)') && !isNoScript(reply);

/** Past this many lines a trace is summarised first and listed in full on demand. */
export const LONG_TRACE = 12;
/** How many of the first and of the last lines a summary shows. */
export const PEEK = 3;

/** How often each name occurs, most frequent first: [['GET', 40], ['SET', 20]]. */
export function tally(names: string[]): [string, number][] {
	const counts = new Map<string, number>();
	for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The actors of a trace in the order they first appear. */
export const actorsOf = (entries: { actor?: string }[]) => [
	...new Set(entries.flatMap((entry) => (entry.actor ? [entry.actor] : [])))
];

/** How many senders a long trace's summary names before it counts the rest. */
export const SENDERS_SHOWN = 5;

/**
 * Who sent a long trace's entries, in the order they first appear, with how many each sent: the
 * first SENDERS_SHOWN by name, and the rest (a stampede's hundred clients) counted in `rest`, a
 * tail for the sentence: " and 95 more senders (190 commands)", or "".
 */
export function sendersOf(entries: { actor?: string }[], unit: string) {
	const counts = new Map(tally(entries.flatMap(({ actor }) => (actor ? [actor] : []))));
	const all = actorsOf(entries).map((actor) => [actor, counts.get(actor)!] as const);
	const others = all.slice(SENDERS_SHOWN);
	const sent = others.reduce((sum, [, n]) => sum + n, 0);
	return {
		named: all.slice(0, SENDERS_SHOWN),
		rest: others.length
			? ` and ${plural(others.length, 'more sender')} (${plural(sent, unit)})`
			: ''
	};
}

/** A sentence cut at its backticks: the odd pieces are `code`, the even ones plain text. */
export const codeParts = (text: string) =>
	text.split('`').map((part, i) => ({ code: i % 2 === 1, text: part }));
