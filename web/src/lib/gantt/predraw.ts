/**
 * The chart of a Gantt page the server rendered, drawn before the app hydrates the page (boot.ts →
 * GanttPage's `predraw`). Hydrating the whole page — header, legend, the grid of cells — takes about as
 * long on a slow office PC as drawing the chart; the chart first puts the plan's bars on screen that much
 * sooner. FiscalGantt then takes the chart over (takePredrawn) instead of drawing it again, when it was
 * drawn from the same model at the same size — which the page, rendered at the typical width, is unless
 * the window is narrower.
 */
import { type FiscalChartConfig, FiscalGanttChart } from './fiscal-gantt-chart.js';
import { type FiscalTask, type GanttModel, type GanttRow, type Lang, TYPICAL_CHART_WIDTH, buildGanttModel, layoutFor, rowHeightFor } from './gantt-model.js';
import { STATIC_CHART_ATTRIBUTE } from './server-charts.js';
import { STRINGS } from './strings.js';

/** What the chart is drawn from besides its tasks (FiscalGantt and the predrawn chart alike). */
export function chartConfig(m: GanttModel, columnWidth: number, rowHeight: number, uid: string): FiscalChartConfig {
  return {
    fiscalYear: m.fiscalYear,
    columnWidth,
    lines: m.lines,
    monthLabels: m.monthLabels,
    headerLabel: m.headerLabel,
    todayIndex: m.todayIndex,
    todayFraction: m.todayFraction,
    asNeededText: STRINGS[m.lang].asNeededBand,
    rowHeight,
    patternId: `${uid}-overdue`,
  };
}

const keyOf = (tasks: readonly FiscalTask[], cfg: FiscalChartConfig) => JSON.stringify([tasks, cfg]);

let predrawn: { host: HTMLElement; chart: FiscalGanttChart; key: string } | null = null;

/**
 * Draws the chart into the server-rendered page's chart box, measured as FiscalGantt measures it (the
 * box's width, the wrapped task names' heights). Not when the box is not at the width the page was
 * rendered for: the grid over the chart is then laid out again by the app, and the chart with it.
 */
export function predrawChart(rows: readonly GanttRow[], fiscalYear: number, lang: Lang): void {
  const root = document.querySelector<HTMLElement>('#app .fg-root[data-fg-uid]');
  const host = root?.querySelector<HTMLElement>('.fg-host');
  if (!root || !host || host.querySelector(':scope > .gantt-container:not([' + STATIC_CHART_ATTRIBUTE + '])') || root.clientWidth !== TYPICAL_CHART_WIDTH) return;
  const model = buildGanttModel(rows, fiscalYear, lang, new Date());
  const heights = Array.from(root.querySelectorAll<HTMLElement>('.fg-title'), (title) => title.clientHeight);
  const rowHeight = rowHeightFor(Math.max(0, ...heights.slice(0, model.lines.length).filter(Number.isFinite)));
  const cfg = chartConfig(model, layoutFor(root.clientWidth).columnWidth, rowHeight, root.dataset['fgUid']!);
  // the server's picture of the chart goes in the same task as the live chart comes (no frame between);
  // first, since frappe-gantt would take an <svg> it finds in the box for its own
  removeStaticChart(host);
  predrawn = { host, chart: new FiscalGanttChart(host, model.tasks, cfg), key: keyOf(model.tasks, cfg) };
}

/**
 * Removes the server-rendered picture of the chart (static-chart.ts) from the chart box, if it is there:
 * right before the live chart is drawn into the box, in the same task.
 */
export function removeStaticChart(host: HTMLElement): void {
  for (const picture of host.querySelectorAll(`:scope > [${STATIC_CHART_ATTRIBUTE}]`)) picture.remove();
}

/** The chart drawn before hydration into `host`, if it is the one FiscalGantt would draw; otherwise it is removed. */
export function takePredrawn(host: HTMLElement, tasks: readonly FiscalTask[], cfg: FiscalChartConfig): FiscalGanttChart | null {
  const p = predrawn;
  predrawn = null;
  if (!p) return null;
  if (p.host === host && p.key === keyOf(tasks, cfg)) return p.chart;
  p.chart.destroy();
  return null;
}
