/**
 * The hostile suite on a Redis Cluster (`REDIS_CLUSTER_NODES`): every learner of the suite gets
 * an id whose hash slot the same primary owns, so attacker and victim share a server, as they
 * would on one Redis; that primary is the server the suite inspects.
 */
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { startRedisCluster } from '../../scripts/redis-cluster.js';
import { hostileSuite, randomId } from './hostile-suite';

// Before the suite is collected: it connects to the primary at once.
const cluster = await startRedisCluster();
process.env.REDIS_CLUSTER_NODES = cluster.nodes;
const port = cluster.ports[0]!;
const first = new Redis(port);
const ranges = ((await first.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][])
	.filter(([, , [, owner]]) => owner === port)
	.map(([from, to]) => [from, to] as const);
first.disconnect();

/** A learner id whose slot (`sbx:{id}`) the first primary owns. */
function idOnFirstPrimary(): string {
	for (;;) {
		const id = randomId();
		const slot = calculateSlot(`{${id}}`);
		if (ranges.some(([from, to]) => slot >= from && slot <= to)) return id;
	}
}

afterAll(async () => {
	delete process.env.REDIS_CLUSTER_NODES; // the next file in this worker uses REDIS_URL again
	await cluster.stop();
});

hostileSuite({ url: `redis://127.0.0.1:${port}`, newId: idOnFirstPrimary });
