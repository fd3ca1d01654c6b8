import { CUSTOMER_COUNT } from '../db/seed';
import { cardKey } from '../patterns/json-fields';
import {
	PATCHABLE_FIELDS,
	PATCH_IF_CACHED,
	hashKey,
	rewriteJsonField,
	updateField
} from '../patterns/redis-hash';
import { choice, defineDemo, integer, text } from './define';

/** The bytes a command takes on the wire in RESP: *argc, then $length and the bytes of each argument. */
const requestBytes = (argv: string[]) =>
	argv.reduce(
		(sum, arg) => sum + `$${Buffer.byteLength(arg)}\r\n`.length + Buffer.byteLength(arg) + 2,
		`*${argv.length}\r\n`.length
	);
const bulkReplyBytes = (value: string) =>
	`$${Buffer.byteLength(value)}\r\n`.length + Buffer.byteLength(value) + 2;

export default defineDemo({
	id: 'redis-hash-patch',
	title: 'Change one field: hash versus JSON string',
	button: 'Patch one field',
	pattern: 'redis-hash',
	runs: 'patchField',
	inputs: {
		'customer-id': integer('Customer', 1, CUSTOMER_COUNT, 4),
		field: choice('Field', PATCHABLE_FIELDS, 'city'),
		value: text('Value', 40, 'Brno')
	},
	async run(ctx, { 'customer-id': customerId, field, value }) {
		const { patched } = await updateField(ctx, customerId, field, value);
		const json = await rewriteJsonField(ctx, customerId, field, value);
		// Measured for the lesson, not part of the pattern: what each copy takes in Redis.
		const hashMemory = await ctx.redis.memory('USAGE', hashKey(customerId));
		const jsonMemory = await ctx.redis.memory('USAGE', cardKey(customerId));

		const patch = ['EVALSHA', PATCH_IF_CACHED.sha, '1', hashKey(customerId), field, value];
		const comparison = [
			{
				copy: 'hash',
				key: hashKey(customerId),
				commands: patched
					? 'EVALSHA: EXISTS, then HSET, in one script'
					: 'EVALSHA: no hash was cached, nothing written',
				'bytes sent': requestBytes(patch),
				'bytes received': `:${patched ? 1 : 0}\r\n`.length,
				'MEMORY USAGE': hashMemory ?? 'not cached'
			},
			{
				copy: 'JSON string',
				key: cardKey(customerId),
				commands: json ? 'GET, then SET of the whole value' : 'GET: no string was cached',
				'bytes sent':
					requestBytes(['GET', cardKey(customerId)]) +
					(json ? requestBytes(['SET', cardKey(customerId), json.written, 'KEEPTTL']) : 0),
				'bytes received': json ? bulkReplyBytes(json.read) + '+OK\r\n'.length : '$-1\r\n'.length,
				'MEMORY USAGE': jsonMemory ?? 'not cached'
			}
		];
		return {
			outcome: 'write',
			result: { change: `customer ${customerId}: ${field} = "${value}"`, comparison },
			summary: `customer ${customerId}: ${field} set to "${value}" in SQLite${patched ? ' and in the hash' : ''}`
		};
	}
});
