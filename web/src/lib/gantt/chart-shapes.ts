/**
 * The parts of the chart we draw ourselves (fiscal-gantt-chart.ts PATCH 2 and 5: month ticks, today,
 * as-needed bands, overdue hatches, status marks) and the bars' whole-month geometry, as data — no DOM.
 * The live chart turns the shapes into elements (FiscalGanttChart), the server into markup
 * (static-chart.ts), so the two cannot drift apart.
 */
import { type FiscalChartConfig, type FiscalTask, GEOMETRY, barTop } from './gantt-model.js';
import { OVERDUE_COLOUR, OVERDUE_PATH, STATUS_COLOURS, STATUS_PATHS } from './palette.js';

/** One SVG element: its tag, attributes, text (plain, never markup) and children. */
export interface Shape {
  tag: 'g' | 'rect' | 'line' | 'circle' | 'path' | 'text' | 'defs' | 'pattern';
  attrs: Record<string, string | number>;
  text?: string;
  children?: Shape[];
}

const shape = (tag: Shape['tag'], attrs: Shape['attrs'], children?: Shape[], text?: string): Shape => ({ tag, attrs, ...(children ? { children } : {}), ...(text !== undefined ? { text } : {}) });

/** A bar snapped to whole month columns (frappe-gantt's Month view is approximate: PATCH 2). */
export function barBox(fg: FiscalTask['fg'], columnWidth: number, progress: number): { x: number; width: number; months: number; progressWidth: number } {
  const months = fg.endIndex - fg.startIndex + 1;
  const x = fg.startIndex * columnWidth + GEOMETRY.barInset;
  const width = months * columnWidth - 2 * GEOMETRY.barInset;
  // 1 px inside the bar, so that the bar's outline stays visible around the fill
  return { x, width, months, progressWidth: Math.max(0, ((width - 2) * (progress || 0)) / 100) };
}

/** Where a bar's label must end: before the first month's marker if it has one, else before the bar's end. */
export function labelLimit(cfg: FiscalChartConfig, fg: FiscalTask['fg'], barX: number, barWidth: number): number {
  const cw = cfg.columnWidth;
  const first = cfg.lines[fg.line]?.cells[fg.startIndex];
  const markerInFirstMonth = !!first && (first.status !== undefined || first.state === 'overdue');
  return markerInFirstMonth ? fg.startIndex * cw + cw / 2 - GEOMETRY.markerRadius - 2 : barX + barWidth - 4;
}

/** Into the grid layer, from `top` to `bottom`: today's column, the month ticks, the today line. */
export function gridShapes(cfg: FiscalChartConfig, top: number, bottom: number): Shape[] {
  const cw = cfg.columnWidth;
  const out: Shape[] = [];
  if (cfg.todayIndex !== null && bottom > top) out.push(shape('rect', { x: cfg.todayIndex * cw, y: top, width: cw, height: bottom - top, class: 'fg-today-col' }));
  for (let i = 0; i <= 12; i++) {
    const x = Math.min(i * cw, 12 * cw - 0.5);
    out.push(shape('line', { x1: x, x2: x, y1: top, y2: bottom, class: i % 3 === 0 ? 'fg-tick fg-tick-quarter' : 'fg-tick' }));
  }
  if (cfg.todayIndex !== null) {
    const x = (cfg.todayIndex + cfg.todayFraction) * cw;
    out.push(shape('line', { x1: x, x2: x, y1: top, y2: bottom, class: 'fg-today-line' }));
  }
  return out;
}

/** Onto the chart, after frappe-gantt's layers: the overdue hatch pattern, then every line's bands and marks. */
export function overlayShapes(cfg: FiscalChartConfig): Shape[] {
  const cw = cfg.columnWidth;
  const { barHeight, barInset, markerRadius } = GEOMETRY;
  const pattern = shape('pattern', { id: cfg.patternId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [
    shape('rect', { width: 6, height: 6, fill: '#fff4f2' }),
    shape('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: OVERDUE_COLOUR, 'stroke-width': 2.2 }),
  ]);
  const marks: Shape[] = [];
  for (const line of cfg.lines) {
    const y = barTop(line.index, cfg.rowHeight);
    if (line.timing === 'asNeeded') {
      marks.push(
        shape('rect', { x: barInset, y, width: 12 * cw - 2 * barInset, height: barHeight, rx: 4, ry: 4, class: 'fg-asneeded', fill: line.swatch.fill, stroke: line.swatch.stroke, 'data-fg-line': line.index }),
      );
      if (line.asNeededLabelAt !== null) {
        marks.push(shape('text', { x: line.asNeededLabelAt * cw + 8, y: y + barHeight / 2, class: 'fg-asneeded-label', 'data-fg-line': line.index }, undefined, cfg.asNeededText));
      }
    }
    for (const cell of line.cells) {
      if (cell.state !== 'overdue') continue;
      marks.push(
        shape('g', { class: 'fg-overdue', 'data-fg-line': line.index, 'data-fg-month': cell.month }, [
          shape('rect', { x: cell.index * cw + barInset + 1, y: y + 1, width: cw - 2 * barInset - 2, height: barHeight - 2, rx: 3, ry: 3, fill: `url(#${cfg.patternId})`, class: 'fg-overdue-hatch' }),
          shape('g', { class: 'fg-mark fg-mark-overdue', transform: `translate(${cell.index * cw + cw / 2} ${y + barHeight / 2})` }, [
            shape('circle', { r: markerRadius, class: 'fg-mark-bg', stroke: OVERDUE_COLOUR }),
            shape('path', { d: OVERDUE_PATH, class: 'fg-mark-symbol', stroke: OVERDUE_COLOUR }),
          ]),
        ]),
      );
    }
    for (const record of line.records) {
      const late = line.cells[record.index]?.state === 'lateDone';
      const colour = STATUS_COLOURS[record.status];
      const children = [
        ...(late ? [shape('circle', { r: markerRadius + 2.6, class: 'fg-mark-ring', stroke: colour })] : []),
        shape('circle', { r: markerRadius, class: 'fg-mark-bg', stroke: colour }),
        shape('path', { d: STATUS_PATHS[record.status], class: 'fg-mark-symbol', stroke: colour }),
      ];
      marks.push(
        shape(
          'g',
          {
            class: `fg-mark fg-mark-${record.status}${record.planned ? '' : ' fg-mark-unplanned'}${late ? ' fg-mark-late' : ''}`,
            transform: `translate(${record.index * cw + cw / 2} ${y + barHeight / 2})`,
            'data-fg-line': line.index,
            'data-fg-month': record.month,
          },
          children,
        ),
      );
    }
  }
  return [shape('defs', {}, [pattern]), shape('g', { class: 'fg-marks' }, marks)];
}
