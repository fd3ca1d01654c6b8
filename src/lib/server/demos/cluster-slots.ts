import * as v from 'valibot';
import type { Redis } from 'ioredis';
import { followMoved, hashTagOf, locate, slotOf } from '../patterns/cluster-slots';
import { defineDemo, type Input } from './define';

const VALUE = 'hello';
const MAX_KEY_LENGTH = 100;

/** A key as a learner types it: braces allowed (they make a hash tag), no spaces or quotes. */
const keyInput: Input<string> = (() => {
	const shape =
		`Key must be 1 to ${MAX_KEY_LENGTH} characters: letters, digits ` +
		'and { } : . _ - @ # / (no spaces).';
	return {
		field: { kind: 'text', label: 'Key', maxLength: MAX_KEY_LENGTH, default: 'user:42' },
		schema: v.pipe(
			v.string('Key is required.'),
			v.trim(),
			v.minLength(1, 'Key is required.'),
			v.maxLength(MAX_KEY_LENGTH, shape),
			v.regex(/^[\p{L}\p{N}{}:._@#/-]+$/u, shape)
		)
	};
})();

const range = ([from, to]: [number, number]) => `${from}–${to}`;

export default defineDemo({
	id: 'cluster-slots',
	title: 'Which node holds a key, and what the other nodes say',
	button: 'Find the key',
	pattern: 'cluster-slots',
	runs: 'followMoved',
	inputs: { key: keyInput },
	async run(ctx, { key }) {
		// Three private cluster-enabled servers, slots split in thirds, gone after this run.
		const lab = await ctx.clusterLab();
		const endpointOf = (port: number) => `127.0.0.1:${port}`;
		const nodeAt = (endpoint: string): Redis => {
			const i = lab.ports.findIndex((port) => endpointOf(port) === endpoint);
			if (i === -1) throw new Error(`MOVED named ${endpoint}, which is not a node of this lab`);
			return lab.nodes[i]!;
		};

		const { slot, owner, primaries } = await locate(lab.redis, key);
		// Ask a node that does NOT serve the slot, on a plain connection that follows nothing.
		const wrong = lab.ports.map(endpointOf).find((endpoint) => endpoint !== owner.endpoint)!;
		const { reply, moved } = await followMoved(nodeAt(wrong), nodeAt, (node) =>
			node.set(key, VALUE)
		);
		if (!moved) throw new Error(`${wrong} accepted a key of slot ${slot} it does not serve`);
		// The Cluster client knows the slot map already (it read it on connecting): no redirect.
		const read = await lab.redis.get(key);

		const roles = new Map([
			[wrong, `asked first: ${moved.kind}`],
			[owner.endpoint, `SET after the MOVED: ${reply}; GET: "${read}"`]
		]);
		const nodes = primaries.toSorted((a, b) => a.ranges[0]![0] - b.ranges[0]![0]);
		return {
			outcome: 'redirected',
			result: {
				key,
				'hash tag': hashTagOf(key) ?? 'none',
				slot,
				'slot by CRC16, computed here': slotOf(key),
				node: owner.endpoint,
				moved: `${moved.kind} ${moved.slot} ${moved.endpoint}`,
				'GET through the Cluster client': read,
				nodes: nodes.map(({ endpoint, ranges }) => ({
					node: endpoint,
					slots: ranges.map(range).join(', '),
					[`serves slot ${slot}`]: endpoint === owner.endpoint ? 'yes' : 'no',
					'in this run': roles.get(endpoint) ?? '—'
				}))
			},
			summary: `${key}: slot ${slot} on ${owner.endpoint}; ${wrong} answered MOVED, followed`
		};
	}
});
