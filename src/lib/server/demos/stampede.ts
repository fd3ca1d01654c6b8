import { STRATEGIES } from '../patterns/stampede';
import { choice, defineDemo, integer } from './define';
import { BETAS, DATABASES, fireStampede } from './support/stampede-sim';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default defineDemo({
	id: 'stampede',
	title: 'A hundred clients on one expiring hot key',
	button: 'Fire the requests',
	pattern: 'stampede',
	runs: 'readHotKey',
	draws: ['timeline'],
	inputs: {
		strategy: choice('Strategy', STRATEGIES, 'none'),
		requests: integer('Requests', 10, 200, 100),
		instances: integer('App instances', 1, 4, 1),
		database: choice('Database', DATABASES, 'up'),
		beta: choice('β (early-refresh, xfetch-locked)', BETAS, '1')
	},
	async run(ctx, { strategy, requests, instances, database, beta }) {
		const result = await fireStampede(ctx, {
			strategy,
			requests,
			instances,
			database,
			beta: Number(beta)
		});
		const { served, errors, stale, dbQueries, latency } = result;
		return {
			outcome: errors === requests ? 'error' : stale > 0 ? 'stale' : 'done',
			result,
			summary:
				`${strategy}: ${plural(dbQueries, 'database query', 'database queries')} for ` +
				`${requests} requests, ${served} served` +
				(stale ? ` (${stale} stale)` : '') +
				(errors ? `, ${plural(errors, 'error', 'errors')}` : '') +
				`, p99 ${Math.round(latency.p99)} ms`
		};
	}
});
