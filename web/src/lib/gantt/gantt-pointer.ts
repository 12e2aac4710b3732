/**
 * The pointer on the chart: which row and month are under it (a bar, a mark, an overdue hatch or an
 * as-needed band), for the hover card and for choosing a month. frappe-gantt never sees a mousedown, so
 * its drag and resize code never starts (the chart is read-only).
 */
import { type LineModel, monthAt } from './gantt-model.js';

export interface PointerHit {
  /** line index = row index */
  line: number;
  /** calendar month 1–12 */
  month: number;
}

export interface PointerHandlers {
  lines: () => readonly LineModel[];
  columnWidth: () => number;
  /** the pointer moved over a row and month (null: over nothing), with the event for its position */
  onhover: (hit: PointerHit | null, event: PointerEvent) => void;
  /** a click on a row and month */
  onpick: (hit: PointerHit) => void;
}

/** Row and month under the pointer, or null. */
export function hitTest(host: HTMLElement, event: MouseEvent, lines: readonly LineModel[], columnWidth: number): PointerHit | null {
  const target = event.target instanceof Element ? event.target : null;
  const el = target?.closest('[data-fg-line]');
  if (!el || !host.contains(el)) return null;
  const line = lines[Number(el.getAttribute('data-fg-line'))];
  if (!line) return null;
  const fixed = el.getAttribute('data-fg-month');
  if (fixed) return { line: line.index, month: Number(fixed) };
  const svg = host.querySelector('svg');
  if (!svg) return null;
  let index = Math.floor((event.clientX - svg.getBoundingClientRect().left) / columnWidth);
  index = Math.max(0, Math.min(11, index));
  // on a bar: the month under the pointer, kept inside that bar
  const segment = line.segments.find((seg) => seg.taskId === el.getAttribute('data-id'));
  if (segment) index = Math.max(segment.startIndex, Math.min(segment.endIndex, index));
  return { line: line.index, month: monthAt(index) };
}

/** Listens on the chart's host; returns the function that stops listening. */
export function attachPointer(host: HTMLElement, handlers: PointerHandlers): () => void {
  const stop = (event: Event): void => event.stopPropagation();
  const click = (event: MouseEvent): void => {
    const hit = hitTest(host, event, handlers.lines(), handlers.columnWidth());
    if (hit) handlers.onpick(hit);
  };
  const move = (event: PointerEvent): void => handlers.onhover(hitTest(host, event, handlers.lines(), handlers.columnWidth()), event);
  const leave = (event: PointerEvent): void => handlers.onhover(null, event);
  host.addEventListener('mousedown', stop, true);
  host.addEventListener('click', click);
  host.addEventListener('pointermove', move);
  host.addEventListener('pointerleave', leave);
  return () => {
    host.removeEventListener('mousedown', stop, true);
    host.removeEventListener('click', click);
    host.removeEventListener('pointermove', move);
    host.removeEventListener('pointerleave', leave);
  };
}
