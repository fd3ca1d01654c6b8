/**
 * A runnable `redis` block in a lesson is a redis-cli transcript: lines starting with "> " are
 * commands, the lines after one (up to the next command) are the reply it must print, and
 * "# " lines are comments. A block with no "> " line is all commands, with no expectations.
 * A clean-up line whose reply depends on what ran before (DEL of keys a demo or an earlier run
 * wrote) says so with a comment right under it, "# any reply: ...": it may print any reply but
 * an error. Plain JavaScript, because svelte.config.js uses it at build time.
 *
 * @typedef {{ command: string, expected: string | null, anyReply?: boolean }} RedisStep
 * @param {string} source
 * @returns {RedisStep[]}
 */
export function parseRedisBlock(source) {
	const lines = source.replace(/\s+$/, '').split('\n');
	const transcript = lines.some((line) => line.startsWith('> '));
	/** @type {RedisStep[]} */
	const steps = [];
	for (const line of lines) {
		const last = steps.at(-1);
		if (/^# any reply\b/i.test(line) && last && last.expected === null) last.anyReply = true;
		if (line.startsWith('#') || (!transcript && !line.trim())) continue;
		if (!transcript) steps.push({ command: line.trim(), expected: null });
		else if (line.startsWith('> ')) steps.push({ command: line.slice(2).trim(), expected: null });
		else {
			if (!last) throw new Error(`a reply before any command: "${line}"`);
			if (last.anyReply) throw new Error(`"# any reply" and a reply for "${last.command}"`);
			last.expected = last.expected === null ? line : `${last.expected}\n${line}`;
		}
	}
	return steps;
}
