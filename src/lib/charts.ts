import type { Component } from 'svelte';
import type { ChartKind } from '$lib/types';

/**
 * The chart widgets, by the key a demo's result holds them under. Each loads with a lesson whose
 * demos draw it (their `draws`), in the page's load, so that the server renders it into the
 * page (a result without JavaScript) and no other lesson page carries its code.
 */
const WIDGETS: Record<ChartKind, () => Promise<{ default: Component<never> }>> = {
	chart: () => import('$lib/components/LineChart.svelte'),
	bars: () => import('$lib/components/BarChart.svelte'),
	timeline: () => import('$lib/components/StampedeTimeline.svelte')
};

export type ChartWidgets = Partial<Record<ChartKind, Component<never>>>;

export async function loadCharts(kinds: readonly ChartKind[]): Promise<ChartWidgets> {
	const loaded = await Promise.all(
		kinds.map(async (kind) => [kind, (await WIDGETS[kind]()).default])
	);
	return Object.fromEntries(loaded);
}
