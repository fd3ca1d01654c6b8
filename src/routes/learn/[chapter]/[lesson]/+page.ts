import type { Component } from 'svelte';

const lessons = import.meta.glob<{ default: Component }>('/content/*/*.md');

/** The lesson's rendered Markdown, loaded by the file the server named. */
export const load = async ({ data }) => ({
	...data,
	component: (await lessons[data.lesson.file]!()).default
});
