import type { DbRequest, DbResponse, RunRequest, RunResponse } from '../protocol';
import { ChannelError, type Channel } from './channel';

export interface HttpChannel extends Channel {
	/** Where the run's commands go: the shared server (namespaced), or the learner's lab server. */
	readonly ranOn: 'shared' | 'lab';
	/** The run is over: with a lab, a last (empty) batch with `end: true` stops it. */
	end(): Promise<void>;
}

export interface HttpChannelOptions {
	/**
	 * Run every batch on the learner's private lab server: for a version whose Lua differs from
	 * the course's (the shared server runs the course's scripts only).
	 */
	lab?: boolean;
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

/** `/api/run` and `/api/db` over fetch: same origin, the learner's cookie, JSON both ways. */
export function createHttpChannel({ lab = false, base }: HttpChannelOptions = {}): HttpChannel {
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
			throw new ChannelError(`${said} Try again in ${seconds} s.`, 429, seconds);
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
		ranOn: lab ? 'lab' : 'shared',
		run: (request: RunRequest) =>
			post<RunResponse>('/api/run', lab ? { ...request, lab: true } : request),
		db: (request: DbRequest) => post<DbResponse>('/api/db', request),
		async end() {
			if (lab)
				await post<RunResponse>('/api/run', {
					commands: [],
					lab: true,
					end: true
				} satisfies RunRequest);
		}
	};
}
