// What the virtual learners of `npm run load` do: the lessons they open and the demos they press
// there, with the form fields the page would send (src/lib/server/demos/<id>.ts says which).
// Most sessions are ordinary demos of chapters 1–4; a few are demos that wait on purpose.

/** A random element of a list. */
export const pick = (list) => list[Math.floor(Math.random() * list.length)];
/** A random whole number from min to max. */
export const between = (min, max) => min + Math.floor(Math.random() * (max - min + 1));

const table = () => ({ table: pick(['inventory', 'customers', 'sales']) });
const customer = () => ({ 'customer-id': String(between(1, 8)) });
const product = () => ({ product: String(between(1, 10)) });

/**
 * Demos that wait on purpose: they sleep (a lock's TTL running out, a rate-limit window, a dead
 * worker's lease), or run many statements against the slow database (cold-vs-warm's 20 cold
 * reads, a stampede's hundred readers). Their times are reported apart, as is every demo of a
 * learner whose slow database is set to 200 ms.
 */
export const WAITS = new Set([
	'cold-vs-warm',
	'lock-race',
	'rate-limit-burst',
	'job-recover',
	'stampede'
]);

/**
 * Lesson path → the demos a learner presses there, each a function giving the form's fields.
 * Left out: lab demos (hash-encoding and chapter 7 start private redis-servers, four at most, and
 * answer BUSY beyond that by design), and demos that only make sense pressed in a given order.
 */
export const ORDINARY = {
	'/learn/foundations/the-data': { 'view-table': table },
	'/learn/basic-caching/cache-aside': {
		'cache-aside-read': table,
		'cache-invalidate': table
	},
	'/learn/basic-caching/write-through': {
		'write-through-write': table,
		'cache-aside-read': table
	},
	'/learn/basic-caching/write-behind': {
		'write-behind-write': () => ({
			...customer(),
			field: 'city',
			value: pick(['Paris', 'Brno', 'Lyon', 'Turin'])
		}),
		'write-behind-flush': () => ({}),
		'write-behind-crash': () => ({})
	},
	'/learn/advanced-caching/sql-resultset': {
		'sql-resultset': customer,
		'sql-resultset-invalidate': customer
	},
	'/learn/advanced-caching/json-fields': {
		'json-fields': customer,
		'json-fields-invalidate': customer
	},
	'/learn/advanced-caching/redis-hash': {
		'redis-hash': customer,
		'json-fields': customer,
		'redis-hash-patch': () => ({ ...customer(), field: 'city', value: pick(['Brno', 'Oslo']) }),
		'redis-hash-invalidate': customer
	},
	'/learn/advanced-caching/serialized-object': {
		'serialized-object': customer,
		'serialized-object-invalidate': customer
	},
	'/learn/advanced-caching/aggregate-query': {
		'aggregate-query': () => ({}),
		'aggregate-query-invalidate': () => ({ ...product(), ...customer() })
	},
	'/learn/advanced-caching/join-group-by': {
		'join-group-by': () => ({}),
		'join-group-by-invalidate': () => ({ ...product(), ...customer() })
	},
	'/learn/invalidation/ttl-and-expiry': {
		'ttl-fixed': () => ({ ...product(), ttl: '60' }),
		'ttl-sliding': () => ({ ...product(), ttl: '60' }),
		'ttl-jitter': () => ({ n: '50', ttl: '60' })
	},
	'/learn/invalidation/event-invalidation': {
		'event-update-product': () => ({
			...product(),
			action: pick(['read', 'read', 'update-price', 'update-stock'])
		}),
		'cache-aside-read': table
	},
	'/learn/invalidation/tag-invalidation': {
		'tag-set': () => ({ key: `page:product:${between(1, 10)}`, tags: 'peripherals,on-sale' }),
		'tag-invalidate': () => ({ tag: 'on-sale', action: pick(['invalidate', 'clean-up']) })
	},
	'/learn/invalidation/versioned-keys': {
		'versioned-keys': () => ({
			action: pick(['cache-v1', 'cache-v2', 'clean-up-v1']),
			count: '10'
		})
	},
	'/learn/invalidation/distributed-invalidation': {
		'two-servers': () => ({
			action: pick(['read-on-a', 'read-on-b', 'update', 'race']),
			invalidation: 'on'
		})
	}
};

/** Lessons whose demos wait on purpose (WAITS), pressed in some sessions. */
export const WAITING = {
	'/learn/basic-caching/cold-vs-warm': { 'cold-vs-warm': () => ({ reads: '20' }) },
	'/learn/stampede/cache-stampede': {
		stampede: () => ({
			strategy: pick(['none', 'single-flight', 'mutex']),
			requests: '100',
			instances: '1',
			database: 'up',
			beta: '1'
		})
	},
	'/learn/real-world/distributed-lock': { 'lock-race': () => ({}) },
	'/learn/real-world/rate-limiting': {
		'rate-limit-burst': () => ({ 'max-requests': '10', window: '2' })
	},
	'/learn/real-world/job-queue': { 'job-recover': () => ({}) }
};

/** Lines a learner types into the console, with `{n}` a small number. */
const LINES = [
	'SET greeting hello',
	'GET greeting',
	'INCR visits',
	'KEYS *',
	'SCAN 0',
	'TTL cache:inventory',
	'HSET user:{n} name Ada city Paris',
	'HGETALL user:{n}',
	'EXPIRE greeting 600',
	'LPUSH recent {n}',
	'LRANGE recent 0 -1',
	'ZADD board {n} player:{n}',
	'ZRANGE board 0 -1 WITHSCORES',
	'PING'
];
export const consoleLine = () => pick(LINES).replaceAll('{n}', String(between(1, 20)));

/** The share of sessions spent on demos that wait on purpose. */
export const WAITING_SHARE = 0.1;

/** A session's lesson and the demos pressed there: 1 to 3 clicks. */
export function session() {
	const lessons = Math.random() < WAITING_SHARE ? WAITING : ORDINARY;
	const path = pick(Object.keys(lessons));
	const demos = lessons[path];
	const clicks = Array.from({ length: between(1, 3) }, () => {
		const id = pick(Object.keys(demos));
		return { id, fields: { demo: id, ...demos[id]() } };
	});
	return { path, clicks };
}

/** The slow-database setting of a new learner (its cookie): most keep the default 50 ms. */
export const slowDbOfNewLearner = () => {
	const r = Math.random();
	return r < 0.15 ? '0' : r < 0.9 ? '50' : '200';
};
