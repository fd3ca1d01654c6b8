import type { DbRequest, DbResponse, RunRequest, RunResponse } from '../protocol';
import { ChannelError, type Channel } from './channel';
import type { MemoryRequest, MemoryResponse } from './memory';

export interface HttpChannelOptions {
	/** The course's origin; in a page or its worker, the one it was loaded from. */
	base?: string | URL;
}

async function errorOf(response: Response): Promise<string | undefined> {
	try {
		const body = (await response.json()) as { error?: unknown };
		return typeof body.error === 'string' ? body.error : undefined;
	} catch {
		return undefined;
	}
}

/** The batch that stops the learner's lab: no commands, `lab` and `end`. */
export const END_LAB: RunRequest = { commands: [], lab: true, end: true };

/**
 * Stops the learner's lab from the page, for a run whose worker was terminated before it could
 * send its own end batch (Stop, the time limit). On the server, it stops the lab if one runs and
 * does nothing else (it starts none). `keepalive`: it is sent even if the page is closing.
 * Never throws: without it, the lab still stops after its idle time.
 */
export async function endLab({ base }: HttpChannelOptions = {}): Promise<void> {
	try {
		await fetch(new URL('/api/run', base ?? globalThis.location.href), {
			method: 'POST',
			credentials: 'same-origin',
			keepalive: true,
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(END_LAB)
		});
	} catch {
		// The server unreachable: the lab's idle time stops it.
	}
}

/** `/api/run`, `/api/db` and `/api/memory` over fetch: same origin, the learner's cookie, JSON both ways. */
export function createHttpChannel({ base }: HttpChannelOptions = {}): Channel {
	async function post<T>(path: string, body: unknown): Promise<T> {
		let response: Response;
		try {
			response = await fetch(new URL(path, base ?? globalThis.location.href), {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body)
			});
		} catch {
			throw new ChannelError(
				'The course server could not be reached: check the connection and run again.'
			);
		}
		if (response.status === 429) {
			const seconds = Number(response.headers.get('retry-after')) || 1;
			const said = (await errorOf(response)) ?? 'Too many commands in a short time.';
			const when = /try again/i.test(said) ? '' : ` Try again in ${seconds} s.`;
			throw new ChannelError(`${said}${when}`, 429, seconds);
		}
		if (!response.ok) {
			const said = await errorOf(response);
			throw new ChannelError(
				said ?? `The course server answered ${response.status}.`,
				response.status
			);
		}
		return (await response.json()) as T;
	}

	return {
		run: (request: RunRequest) => post<RunResponse>('/api/run', request),
		db: (request: DbRequest) => post<DbResponse>('/api/db', request),
		memory: (request: MemoryRequest) => post<MemoryResponse>('/api/memory', request)
	};
}
