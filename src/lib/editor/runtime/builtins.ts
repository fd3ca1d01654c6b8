import type { Exports } from './compile';
import { createHash, randomBytes, randomUUID } from './node-crypto';

const crypto = (): Exports => ({ createHash, randomBytes, randomUUID });

/** The modules outside the course that its patterns import, as the editor provides them. */
export const BUILTINS: Record<string, () => Exports> = {
	'node:crypto': crypto,
	crypto,
	ioredis: () => {
		throw new Error(
			"ioredis cannot run in the editor: your version talks to Redis through the context it is given (ctx.redis), as the course's patterns do. Import only its types: import type { Redis } from 'ioredis'."
		);
	}
};
