import type { Component } from 'svelte';
import { loadCharts } from '$lib/charts';

const lessons = import.meta.glob<{ default: Component }>('/content/*/*.md');

/** The lesson's rendered Markdown, loaded by the file the server named, and the charts it draws. */
export const load = async ({ data }) => {
	const [lesson, chartWidgets] = await Promise.all([
		lessons[data.lesson.file]!(),
		loadCharts(data.charts)
	]);
	return { ...data, component: lesson.default, chartWidgets };
};
