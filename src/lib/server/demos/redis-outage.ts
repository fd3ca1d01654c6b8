import type { Product } from '../db/products';
import { readProduct, type FailOpenRead } from '../patterns/fail-open';
import { defineDemo } from './define';

const PRODUCT = 1;

const servedFrom = ({ servedFromDatabase, cacheError }: FailOpenRead<unknown>) =>
	cacheError ? 'database (Redis unavailable)' : servedFromDatabase ? 'database' : 'cache';

export default defineDemo({
	id: 'redis-outage',
	title: 'Stop Redis under a cache-aside read that fails open',
	button: 'Run the outage',
	pattern: 'fail-open',
	runs: 'readFailOpen',
	inputs: {},
	async run(ctx) {
		// A private server the demo may kill. AOF flushed on every write: the cached row is on the
		// disk before its SET is answered, so it is there again when the server is back.
		const lab = await ctx.lab({ config: { appendonly: 'yes', appendfsync: 'always' } });
		const cache = { ...ctx, redis: lab.redis };
		const steps: {
			step: string;
			redis: string;
			read: FailOpenRead<Product | undefined>;
			ms: number;
		}[] = [];
		const read = async (step: string, redis: string) => {
			const started = performance.now();
			const result = await readProduct(cache, PRODUCT);
			const ms = performance.now() - started;
			steps.push({ step, redis, read: result, ms });
			return ms;
		};

		await read('1. read', 'up');
		await lab.stop({ crash: true });
		const degradedMs = await read('2. read', 'stopped');
		await lab.start();
		await read('3. read', 'up again');

		const degraded = steps[1]!.read;
		return {
			outcome: 'degraded',
			result: {
				servedFromDatabase: degraded.servedFromDatabase,
				'what the app logged': degraded.cacheError?.message ?? '(nothing)',
				steps: steps.map(({ step, redis, read, ms }) => ({
					step,
					redis,
					'served from': servedFrom(read),
					servedFromDatabase: read.servedFromDatabase,
					product: read.value?.name ?? '(none)',
					ms: Number(ms.toFixed(1))
				}))
			},
			summary: `Redis stopped: product ${PRODUCT} ${degraded.servedFromDatabase ? 'served from the database' : 'not served'}; back up: ${servedFrom(steps[2]!.read)}`,
			headline: { ms: degradedMs, what: 'the read while Redis was down' }
		};
	}
});
