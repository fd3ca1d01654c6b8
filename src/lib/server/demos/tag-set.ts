import * as v from 'valibot';
import { execAll } from '../pattern-support';
import { TTL_SECONDS, setWithTags, tagKey } from '../patterns/tags';
import { defineDemo, text, type Input } from './define';

const MAX_TAGS = 5;
const NAME = /^[\p{L}\p{N}@._:-]+$/u;

const keyInput = text('Key', 60, 'page:product:1');
const tagsInput = text('Tags', 120, 'peripherals,on-sale');

/** The key: no spaces, and not one of the tag sets themselves. */
const key: Input<string> = {
	field: keyInput.field,
	schema: v.pipe(
		keyInput.schema,
		v.regex(NAME, 'Key must be letters, digits or @._:- with no spaces.'),
		v.check(
			(k) => !k.startsWith('tag:'),
			'Key may not start with "tag:": those keys hold the tag sets.'
		)
	)
};

/** The tags as a list: split at commas, trimmed, each once. */
const tagsOf = (list: string) => [
	...new Set(
		list
			.split(',')
			.map((tag) => tag.trim())
			.filter(Boolean)
	)
];

/** The tags: comma-separated names, at most five, each without spaces. */
const tags: Input<string> = {
	field: tagsInput.field,
	schema: v.pipe(
		tagsInput.schema,
		v.check((list) => tagsOf(list).length > 0, 'Tags needs at least one tag.'),
		v.check((list) => tagsOf(list).length <= MAX_TAGS, `Tags takes at most ${MAX_TAGS} tags.`),
		v.check(
			(list) => tagsOf(list).every((tag) => NAME.test(tag)),
			'Each tag must be letters, digits or @._:- with no spaces.'
		)
	)
};

export default defineDemo({
	id: 'tag-set',
	title: 'Cache a value with tags',
	button: 'Cache with tags',
	pattern: 'tags',
	runs: 'setWithTags',
	inputs: { key, tags },
	async run(ctx, { key, tags: list }) {
		const tags = tagsOf(list);
		const value = JSON.stringify({ key, tags, cachedAt: new Date(ctx.clock.now()).toISOString() });
		await setWithTags(ctx, key, value, tags);
		// Read the tag sets back, so you can see every key each tag now covers.
		const pipeline = ctx.redis.pipeline();
		for (const tag of tags) pipeline.smembers(tagKey(tag));
		const replies = (await execAll(pipeline)) as string[][];
		return {
			outcome: 'write',
			result: {
				key,
				'TTL (s)': TTL_SECONDS,
				'tag sets': tags.map((tag, i) => ({
					set: tagKey(tag),
					members: replies[i]!.sort().join(', ')
				}))
			},
			summary: `${key} cached for ${TTL_SECONDS} s with ${tags.map((t) => tagKey(t)).join(', ')}`
		};
	}
});
