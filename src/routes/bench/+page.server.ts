import { error } from '@sveltejs/kit';
import type { DemoResult } from '$lib/types';
import { INVENTORY } from '$lib/server/db/seed';
import { readForm } from '$lib/server/forms';
import { sharedRedis } from '$lib/server/redis/connection';
import { formatReply, shorten } from '$lib/server/redis/reply-format';

/**
 * The form actions a demo click is measured against (`npm run bench`): one that does nothing;
 * one that sends a single GET to the course's Redis and answers its reply, the least any click
 * that reads Redis can cost; and one that reads a click's form and answers what a cache-aside
 * HIT of the inventory answers, without running anything: what the demo contract alone costs.
 * They exist only when the server runs with BENCH=1.
 */
const enabled = () => process.env.BENCH === '1';

export const load = () => {
	if (!enabled()) error(404, { message: 'Not found' });
	return {};
};

const rows = INVENTORY.map(([id, name, category, price, stock]) => ({
	id,
	name,
	category,
	price,
	stock
}));

/** A HIT's answer as `runDemo` returns it (its times are typical figures, not measured). */
const hitAnswer = (): DemoResult => ({
	demo: 'cache-aside-read',
	outcome: 'hit',
	result: rows,
	trace: [
		{
			cmd: 'GET',
			args: ['query:inventory'],
			reply: shorten(formatReply(JSON.stringify(rows))),
			ms: 0.9
		}
	],
	sql: [],
	ms: 1.4,
	keys: [{ key: 'query:inventory', ttlMs: 59_000 }],
	summary: 'inventory: served from Redis',
	at: Date.now()
});

export const actions = {
	noop: () => {
		if (!enabled()) error(404, { message: 'Not found' });
		return { ok: true };
	},
	get: async () => {
		if (!enabled()) error(404, { message: 'Not found' });
		return { value: await (await sharedRedis()).get('bench:probe') };
	},
	answer: async ({ request }: { request: Request }) => {
		if (!enabled()) error(404, { message: 'Not found' });
		const fields = await readForm(request);
		return fields instanceof Map ? hitAnswer() : fields;
	}
};
