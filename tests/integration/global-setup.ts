import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis } from '../../src/lib/server/redis/embedded';

declare module 'vitest' {
	export interface ProvidedContext {
		redisUrl: string;
	}
}

/**
 * One real Redis for the whole run: REDIS_URL if set, else testcontainers' Redis when a Docker
 * engine answers, else a redis-server started from PATH.
 */
export default async function setup(project: TestProject) {
	if (process.env.REDIS_URL) {
		project.provide('redisUrl', process.env.REDIS_URL);
		return;
	}
	const container = await startContainer();
	if (container) {
		project.provide('redisUrl', container.url);
		return container.stop;
	}
	const server = await startEmbeddedRedis();
	project.provide('redisUrl', server.url);
	return server.stop;
}

async function startContainer(): Promise<{ url: string; stop: () => Promise<void> } | null> {
	try {
		const { RedisContainer } = await import('@testcontainers/redis');
		const started = await new RedisContainer('redis:7').start();
		return {
			url: started.getConnectionUrl(),
			stop: async () => {
				await started.stop();
			}
		};
	} catch {
		return null; // no container runtime here: fall back to a local redis-server
	}
}
