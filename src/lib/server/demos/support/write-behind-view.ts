import type { PatternContext } from '../../pattern-support';
import { execAll } from '../../pattern-support';
import {
	PROCESSING_KEY,
	QUEUE_KEY,
	cacheKey,
	type Field,
	type QueuedWrite
} from '../../patterns/write-behind';

/** A queued write as a log line would show it: "customer 1 city = Paris". */
export const describeWrite = ({ customerId, field, value }: QueuedWrite) =>
	`customer ${customerId} ${field} = ${value}`;

export interface CustomerCopy {
	customer: number;
	copy: string;
	email: string;
	city: string;
}

/**
 * How far the database lags behind the cache: the queue's and the processing list's lengths,
 * and each customer's cached fields next to their row in SQLite.
 */
export async function lag({ redis, db }: PatternContext, customerIds: number[]) {
	const batch = redis.pipeline().llen(QUEUE_KEY).llen(PROCESSING_KEY);
	for (const id of customerIds) batch.hgetall(cacheKey(id));
	const [queue, processing, ...cached] = await execAll(batch);
	const placeholders = customerIds.map(() => '?').join(', ');
	const rows = customerIds.length
		? await db.all<{ id: number; email: string; city: string }>(
				`SELECT id, email, city FROM customers WHERE id IN (${placeholders}) ORDER BY id`,
				...customerIds
			)
		: [];
	const copies = customerIds.flatMap((id, i): CustomerCopy[] => {
		const hash = (cached[i] ?? {}) as Partial<Record<Field, string>>;
		const row = rows.find((r) => r.id === id);
		return [
			{
				customer: id,
				copy: `cache ${cacheKey(id)}`,
				email: hash.email ?? '(not cached)',
				city: hash.city ?? '(not cached)'
			},
			{ customer: id, copy: 'database', email: row?.email ?? '', city: row?.city ?? '' }
		];
	});
	return { queue: Number(queue), processing: Number(processing), copies };
}
