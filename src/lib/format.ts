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
