import { afterAll, describe, expect, it } from 'vitest';
import { closeSubscriber } from '$lib/server/redis/subscriber';
import { request, useSandboxes } from './fixtures';

const { plain, newSandbox } = useSandboxes();
afterAll(() => closeSubscriber());

const until = async (check: () => boolean) => {
	for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('ctx.subscribe', () => {
	it("hears its learner's channel only, and stops when asked or when the sandbox closes", async () => {
		const mine = newSandbox();
		const other = newSandbox();
		const heard: string[] = [];
		const { ctx } = await request(mine);
		const stop = await ctx.subscribe('news', (message) => heard.push(message));

		// The channel is namespaced like keys: the learner's own PUBLISH reaches it, another's not.
		await (await request(other)).ctx.redis.publish('news', 'not for you');
		expect(await ctx.redis.publish('news', 'hello')).toBe(1);
		await until(() => heard.length > 0);
		expect(heard).toEqual(['hello']);
		expect(await plain.publish('news', 'bare channel')).toBe(0);

		await stop();
		expect(await plain.publish(`${mine.prefix}news`, 'after stop')).toBe(0);

		await ctx.subscribe('news', (message) => heard.push(message));
		mine.close();
		await until(() => false);
		expect(await plain.publish(`${mine.prefix}news`, 'after close')).toBe(0);
		expect(heard).toEqual(['hello']);
	});
});
