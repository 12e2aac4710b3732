/**
 * The chart as markup, for the page the server renders (web/src/ssr.ts): the same elements, classes and
 * geometry that FiscalGanttChart (frappe-gantt plus our patches) puts into the chart box, written as a
 * string without a DOM, so that a Gantt page shows its bars at its first paint — before any script has
 * loaded (issue 13: the Gantt page's content ≤ 0.8 s on an office PC). It is a picture only: the app
 * replaces it with the live frappe-gantt chart as soon as it has loaded (predraw.ts), in the same frame,
 * so the two must look alike — tests/e2e/server-rendered.test.ts compares them element by element.
 *
 * Left out, because the live chart keeps them hidden (fiscal-gantt.css): frappe-gantt's popup, its
 * "extras" and side header, the hover-only date highlights in the header, and the empty arrow and
 * progress layers' contents. A label is hidden when it would not fit, as place_labels does; its width
 * is estimated here (text-estimate.ts: there is nothing to measure), so a borderline label may appear or
 * go at takeover.
 */
import { type Shape, barBox, gridShapes, labelLimit, overlayShapes } from './chart-shapes.js';
import { escapeHtml } from './escape.js';
import { type FiscalChartConfig, type FiscalTask, GEOMETRY, HEADER_HEIGHT, barTop } from './gantt-model.js';
import { estimatedEm } from './text-estimate.js';

import { STATIC_CHART_ATTRIBUTE } from './server-charts.js';

/** The bar label's font size (fiscal-gantt.css .bar-label, weight 600). */
const LABEL_FONT_PX = 12;

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[e] ?? '');
}

type Attrs = Record<string, string | number>;
const attrs = (a: Attrs) => Object.entries(a).map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
const el = (tag: string, a: Attrs, inner = '') => `<${tag}${attrs(a)}>${inner}</${tag}>`;
/** A shape (chart-shapes.ts) as markup; its text escaped. */
const markup = (s: Shape): string => el(s.tag, s.attrs, (s.text !== undefined ? escapeHtml(s.text) : '') + (s.children ?? []).map(markup).join(''));

/** The chart FiscalGanttChart would draw for `tasks` and `cfg`, as HTML for the chart box. */
export function staticChartMarkup(tasks: readonly FiscalTask[], cfg: FiscalChartConfig): string {
  const cw = cfg.columnWidth;
  const { barHeight, upperHeaderHeight, lowerHeaderHeight } = GEOMETRY;
  const top = HEADER_HEIGHT;
  const width = 12 * cw;
  const height = top + cfg.lines.length * cfg.rowHeight;
  const out: string[] = [];

  // frappe-gantt's layers, in its order: grid (rows, row lines, then our ticks and today), arrows,
  // progress, bars; then the grid background (fill: none) and our defs and marks (PATCH 5)
  out.push('<g class="grid"><g>');
  cfg.lines.forEach((_line, i) => out.push(el('rect', { x: 0, y: top + i * cfg.rowHeight, width, height: cfg.rowHeight, class: 'grid-row' })));
  out.push('</g><g class="lines_layer">');
  cfg.lines.forEach((_line, i) => {
    const y = top + (i + 1) * cfg.rowHeight;
    out.push(el('line', { x1: 0, y1: y, x2: width, y2: y, class: 'row-line' }));
  });
  out.push('</g>');
  for (const shape of gridShapes(cfg, top, height)) out.push(markup(shape));
  out.push('</g><g class="arrow"></g><g class="progress"></g><g class="bar">');

  for (const task of tasks) {
    const { line } = task.fg;
    const { x, width: barWidth, progressWidth } = barBox(task.fg, cw, task.progress);
    const y = barTop(line, cfg.rowHeight);
    const lineModel = cfg.lines[line];
    const limit = labelLimit(cfg, task.fg, x, barWidth);
    const labelX = x + 6;
    const labelFits = labelX + estimatedEm(unescapeHtml(task.name)) * LABEL_FONT_PX <= limit;
    out.push(`<g class="bar-wrapper ${escapeHtml(task.custom_class)}" data-id="${escapeHtml(task.id)}" data-fg-line="${line}"><g class="bar-group">`);
    out.push(el('rect', { x, y, width: barWidth, height: barHeight, rx: 4, ry: 4, class: 'bar', style: `fill: ${task.color}; stroke: ${lineModel?.swatch.stroke ?? task.color};` }));
    out.push(el('rect', { x: x + 1, y: y + 1, width: progressWidth, height: barHeight - 2, rx: 3, ry: 3, class: 'bar-progress', style: `fill: ${task.color_progress};` }));
    // task.name is already escaped: frappe-gantt writes it with innerHTML
    out.push(`<text x="${labelX}" y="${y + barHeight / 2}" class="bar-label"${labelFits ? '' : ' style="visibility: hidden;"'}>${task.name}</text>`);
    out.push('</g><g class="handle-group"></g></g>');
  }
  out.push('</g>');
  out.push(el('rect', { x: 0, y: 0, width, height, class: 'grid-background' }));
  for (const shape of overlayShapes(cfg)) out.push(markup(shape));

  // the header is HTML above the SVG (frappe-gantt 1.x): one year label, twelve month labels
  const year = new Date(cfg.fiscalYear, 3, 1);
  const lower = cfg.monthLabels
    .map((label, i) => {
      const d = new Date(year.getFullYear(), year.getMonth() + i, 1);
      const cls = `lower-text date_${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}${i === cfg.todayIndex ? ' fg-today-label' : ''}`;
      return el('div', { class: cls, style: `top: ${upperHeaderHeight + 5}px; left: ${i * cw}px;` }, escapeHtml(label));
    })
    .join('');
  const header =
    el('div', { class: 'grid-header', style: `width: ${width}px;` }, el('div', { class: 'upper-header' }, el('div', { class: 'upper-text', style: 'top: 17px; left: 0px;' }, escapeHtml(cfg.headerLabel))) + el('div', { class: 'lower-header' }, lower));

  const vars = `--gv-bar-height: ${barHeight}px; --gv-lower-header-height: ${lowerHeaderHeight}px; --gv-upper-header-height: ${upperHeaderHeight}px; --gv-column-width: ${cw}px; height: ${height}px;`;
  return `<div class="gantt-container" ${STATIC_CHART_ATTRIBUTE}="" style="${vars}"><svg class="gantt" height="${height}" width="100%">${out.join('')}</svg>${header}</div>`;
}
