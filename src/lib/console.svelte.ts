/**
 * The learner's console in the browser: what was typed and answered, the history, and whether
 * the dock is open. Shared by the dock, the runnable blocks and the demos (which refresh the key
 * inspector). Only event handlers change it, so server rendering always sees the empty state.
 */
export interface ConsoleLine {
	line: string;
	reply: string;
	error: boolean;
}

const HISTORY_MAX = 100;

class ConsoleSession {
	lines = $state<ConsoleLine[]>([]);
	open = $state(false);
	tab = $state<'console' | 'keys'>('console');
	/** Bumped after anything that may change keys, so the inspector reloads. */
	keysVersion = $state(0);
	/** Bumped when the learner resets the sandbox: the demos clear what they show. */
	resets = $state(0);
	/** The open panel's height in px, as the learner resized it (null: the default). */
	height = $state<number | null>(null);
	readonly history: string[] = [];

	/** Sends one line to the learner's sandbox and records it; `clear` is handled here. */
	async run(line: string): Promise<ConsoleLine> {
		const trimmed = line.trim();
		if (trimmed && this.history.at(-1) !== trimmed) {
			this.history.push(trimmed);
			if (this.history.length > HISTORY_MAX) this.history.shift();
		}
		if (trimmed.toLowerCase() === 'clear') {
			this.lines = [];
			return { line, reply: '', error: false };
		}
		const entry = { line, ...(await send(line)) };
		this.lines.push(entry);
		this.keysVersion++;
		return entry;
	}

	changed() {
		this.keysVersion++;
	}

	/** The sandbox was reset: nothing shown from before is true any more. */
	wasReset() {
		this.lines = [];
		this.resets++;
		this.keysVersion++;
	}
}

async function send(line: string): Promise<{ reply: string; error: boolean }> {
	try {
		const response = await fetch('/api/console', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ line })
		});
		const body = (await response.json()) as { reply?: string; error?: boolean | string };
		if (typeof body.reply === 'string') return { reply: body.reply, error: Boolean(body.error) };
		return { reply: `(error) ${String(body.error ?? response.statusText)}`, error: true };
	} catch {
		return { reply: '(error) the course server does not answer', error: true };
	}
}

export const consoleSession = new ConsoleSession();
