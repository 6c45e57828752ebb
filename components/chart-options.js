// Shared ECharts options for the site's charts (import in a page: `import { zhTimeAxis } from '$lib/chart-options.js'`).

/** Date axes labelled in Chinese (2025年, 3月) instead of ECharts' English month names; merge into echartsOptions. */
export const zhTimeAxis = {
	xAxis: { axisLabel: { formatter: { year: '{yyyy}年', month: '{M}月', day: '{M}月{d}日' } } }
};

/** zhTimeAxis, with the y axis reversed (rank 1 at the top). */
export const zhTimeAxisRank = { ...zhTimeAxis, yAxis: { inverse: true } };
