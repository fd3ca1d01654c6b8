import * as v from 'valibot';
import { invalidateTag, pruneTag, tagKey } from '../patterns/tags';
import { choice, defineDemo, text, type Input } from './define';

const tagInput = text('Tag', 40, 'on-sale');
const tag: Input<string> = {
	field: tagInput.field,
	schema: v.pipe(
		tagInput.schema,
		v.regex(/^[\p{L}\p{N}@._:-]+$/u, 'Tag must be letters, digits or @._:- with no spaces.')
	)
};

export default defineDemo({
	id: 'tag-invalidate',
	title: 'Invalidate by tag, or clean up a tag set',
	button: 'Run',
	pattern: 'tags',
	runs: 'invalidateTag',
	inputs: {
		tag,
		action: choice('Action', ['invalidate', 'clean-up'] as const, 'invalidate')
	},
	async run(ctx, { tag, action }) {
		if (action === 'invalidate') {
			const keys = await invalidateTag(ctx, tag);
			const stale = keys.filter((k) => !k.deleted).length;
			return {
				outcome: 'invalidated',
				result: {
					set: tagKey(tag),
					keys: keys.map(({ key, deleted }) => ({
						key,
						status: deleted ? 'deleted' : 'already gone: stale member removed'
					}))
				},
				summary: `${tagKey(tag)}: ${keys.length - stale} keys deleted, ${stale} stale members removed`
			};
		}
		const { kept, removed } = await pruneTag(ctx, tag);
		return {
			outcome: 'done',
			result: {
				set: tagKey(tag),
				members: [
					...removed.map((member) => ({ member, status: 'removed: its key is gone' })),
					...kept.map((member) => ({ member, status: 'kept: its key exists' }))
				]
			},
			summary: `${tagKey(tag)}: ${removed.length} stale members removed, ${kept.length} kept`
		};
	}
});
