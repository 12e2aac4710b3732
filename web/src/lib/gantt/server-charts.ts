/**
 * How a chart rendered on the server gets into the page: FiscalGantt offers its tasks and configuration
 * while the server renders it (nothing listens in the browser), and web/src/ssr.ts, which listens,
 * writes the chart's markup (static-chart.ts) into the chart box. Kept apart from static-chart.ts so that
 * the browser's bundle does not carry the string renderer.
 */
import type { FiscalChartConfig, FiscalTask } from './gantt-model.js';

/** Marks the server's picture of the chart, which the live chart replaces (predraw.ts removeStaticChart). */
export const STATIC_CHART_ATTRIBUTE = 'data-fg-static';

type Listener = (uid: string, tasks: readonly FiscalTask[], cfg: FiscalChartConfig) => void;

let listener: Listener | null = null;

/** Set by the server renderer for one synchronous render, cleared (null) afterwards. */
export function listenForServerCharts(fn: Listener | null): void {
  listener = fn;
}

/** True while a server render listens: only then is the chart's configuration worth building. */
export function serverChartsWanted(): boolean {
  return listener !== null;
}

export function offerServerChart(uid: string, tasks: readonly FiscalTask[], cfg: FiscalChartConfig): void {
  listener?.(uid, tasks, cfg);
}
