import { hashTagOf, ownerOf, primaries, saveAndLoadUser, userKey } from '../patterns/cluster-slots';
import { Namespace } from '../redis/namespace';
import { defineDemo } from './define';

const USER = '42';
const PARTS = { profile: 'Ada Lovelace', cart: 'sku-7 sku-9' };
/** The same two parts named without a hash tag: each key is hashed whole, so two slots. */
const untagged = (part: string) => `user:${USER}:${part}`;
/** A learner's keys as this course names them (for an example id): the tag is the learner id. */
const course = new Namespace('example-learner');

const WITHOUT = 'without a tag';
const WITH = 'with a tag';

export default defineDemo({
	id: 'cluster-crossslot',
	title: 'One command, keys in two slots: CROSSSLOT, then a hash tag',
	button: 'Run both MSETs',
	pattern: 'cluster-slots',
	runs: 'saveAndLoadUser',
	inputs: {},
	async run(ctx) {
		const lab = await ctx.clusterLab();
		const nodes = await primaries(lab.redis);
		const named: [group: string, key: string][] = [
			...Object.keys(PARTS).map((part): [string, string] => [WITHOUT, untagged(part)]),
			...Object.keys(PARTS).map((part): [string, string] => [WITH, userKey(USER, part)]),
			['this course', course.key('query:inventory')],
			['this course', course.key('customer:hash:4')],
			['this course: key index', course.indexKey]
		];
		const keys: { group: string; key: string; 'hash tag': string; slot: number; node: string }[] =
			[];
		for (const [group, key] of named) {
			const slot = await lab.redis.cluster('KEYSLOT', key);
			const tag = hashTagOf(key) ?? 'none';
			keys.push({ group, key, 'hash tag': tag, slot, node: ownerOf(nodes, slot).endpoint });
		}
		const slotsOf = (group: string) => [
			...new Set(keys.filter((row) => row.group === group).map((row) => row.slot))
		];

		// Every node refuses a command whose keys hash to different slots, before it writes any.
		let refused: string;
		try {
			await lab.redis.mset(
				Object.fromEntries(Object.entries(PARTS).map(([p, v]) => [untagged(p), v]))
			);
			throw new Error('an MSET across two slots was accepted');
		} catch (error) {
			refused = (error as Error).message;
			if (!refused.startsWith('CROSSSLOT')) throw error;
		}
		const stored = await saveAndLoadUser(lab.redis, USER, PARTS);

		return {
			outcome: 'done',
			result: {
				[`slots ${WITHOUT}`]: slotsOf(WITHOUT).join(', '),
				[`MSET ${WITHOUT}`]: refused,
				[`slots ${WITH}`]: slotsOf(WITH).join(', '),
				[`MGET ${WITH}`]: Object.values(stored),
				keys
			},
			summary:
				`${WITHOUT}: slots ${slotsOf(WITHOUT).join(' and ')}, CROSSSLOT; ` +
				`${WITH}: slot ${slotsOf(WITH).join(', ')}, OK`
		};
	}
});
