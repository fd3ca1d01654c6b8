import { cacheKey, invalidate } from '../patterns/api-cache';
import { ENDPOINTS } from './support/simulated-upstream';
import { choice, defineDemo } from './define';

export default defineDemo({
	id: 'api-invalidate',
	title: 'Drop a cached answer',
	button: 'Invalidate',
	pattern: 'api-cache',
	runs: 'invalidate',
	inputs: { endpoint: choice('Endpoint', ENDPOINTS, '/api/products') },
	async run(ctx, { endpoint }) {
		const deleted = await invalidate(ctx, endpoint);
		return {
			outcome: 'invalidated',
			result: { deleted: cacheKey(endpoint), existed: deleted === 1 },
			summary: deleted
				? `${cacheKey(endpoint)} deleted: the next fetch calls the upstream`
				: `${cacheKey(endpoint)} was not cached`
		};
	}
});
