import { memoryKey, type InstanceMemory } from '../../pattern-support';

/**
 * A stand-in for a third-party HTTP API: slow (120 to 200 ms a call), and with answers that move
 * a little on every call, the way live prices and temperatures do. It counts the calls it
 * receives for each learner, as the provider's own dashboard (and invoice) would.
 */
export const ENDPOINTS = ['/api/products', '/api/weather', '/api/exchange-rates'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const MIN_LATENCY_MS = 120;
export const MAX_LATENCY_MS = 200;

/** The upstream's call counters, per endpoint, in the learner's memory. */
const CALLS = memoryKey('simulated-upstream:calls', () => new Map<Endpoint, number>());

export type Row = Record<string, string | number>;

export interface UpstreamResponse {
	body: Row[];
	latencyMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wobble = (base: number, spread: number, digits: number) =>
	Number((base + (Math.random() * 2 - 1) * spread).toFixed(digits));

/** A supplier's catalogue entry: the price and the stock move between calls. */
const product = (sku: string, name: string, price: number) => ({
	sku,
	name,
	supplierPrice: wobble(price, 1.5, 2),
	inStock: Math.floor(Math.random() * 200)
});

const BODIES: Record<Endpoint, () => Row[]> = {
	'/api/products': () => [
		product('KB-104', 'Mechanical keyboard', 86.5),
		product('MS-220', 'Wireless mouse', 27.9),
		product('HB-318', 'USB-C hub', 38),
		product('CH-902', 'Ergonomic chair', 315)
	],
	'/api/weather': () => [
		{ city: 'Lyon', tempC: wobble(14, 2, 1) },
		{ city: 'Leeds', tempC: wobble(9, 2, 1) },
		{ city: 'Prague', tempC: wobble(8, 2, 1) },
		{ city: 'Oslo', tempC: wobble(3, 2, 1) }
	],
	'/api/exchange-rates': () => [
		{ currency: 'USD', perEur: wobble(1.08, 0.002, 4) },
		{ currency: 'GBP', perEur: wobble(0.85, 0.002, 4) },
		{ currency: 'JPY', perEur: wobble(161.2, 0.3, 4) },
		{ currency: 'CZK', perEur: wobble(25.3, 0.05, 4) }
	]
};

/** One call to the upstream API: counted, slow, and answered with fresh numbers. */
export async function callUpstream(
	memory: InstanceMemory,
	endpoint: Endpoint
): Promise<UpstreamResponse> {
	const calls = await memory.get(CALLS);
	await memory.set(CALLS, calls.set(endpoint, (calls.get(endpoint) ?? 0) + 1));
	const latencyMs = MIN_LATENCY_MS + Math.random() * (MAX_LATENCY_MS - MIN_LATENCY_MS);
	const started = performance.now();
	// Timers may fire a little early: sleep until the whole latency has really passed.
	while (performance.now() - started < latencyMs) {
		await sleep(latencyMs - (performance.now() - started));
	}
	return { body: BODIES[endpoint](), latencyMs: performance.now() - started };
}

/** This app server's cache hits per endpoint, as a metrics library would count them. */
const HITS = memoryKey('api-cache:hits', () => new Map<Endpoint, number>());

export async function countHit(memory: InstanceMemory, endpoint: Endpoint) {
	const hits = await memory.get(HITS);
	await memory.set(HITS, hits.set(endpoint, (hits.get(endpoint) ?? 0) + 1));
}

/** Per endpoint: the calls the upstream received from this learner, and the cache's hits. */
export async function counters(memory: InstanceMemory) {
	const [calls, hits] = await Promise.all([memory.get(CALLS), memory.get(HITS)]);
	return (endpoint: Endpoint) => ({
		'upstream calls': calls.get(endpoint) ?? 0,
		'cache hits': hits.get(endpoint) ?? 0
	});
}
