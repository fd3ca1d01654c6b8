import { ChannelError } from './channel';
import type { Exports } from './compile';
import { createHash, randomBytes, randomUUID } from './node-crypto';
import * as VALIBOT from './valibot';

const crypto = (): Exports => ({ createHash, randomBytes, randomUUID });

/** The modules outside the course that its patterns and demos import, as the editor provides them. */
export const BUILTINS: Record<string, () => Exports> = {
	'node:crypto': crypto,
	crypto,
	valibot: () => ({ ...VALIBOT }),
	ioredis: () => {
		throw new Error(
			"ioredis cannot run in the editor: your version talks to Redis through the context it is given (ctx.redis), as the course's patterns do. Import only its types: import type { Redis } from 'ioredis'."
		);
	}
};

/**
 * The server's own modules that a demo file imports (by path under src/lib/server), in the
 * browser's terms: Redis is "away" when the command channel says so (503), since the worker
 * sees Redis only through it.
 */
export const STAND_INS: Record<string, () => Exports> = {
	'redis/traced-client.ts': () => ({
		isConnectionError: (error: unknown) => error instanceof ChannelError && error.status === 503
	})
};
