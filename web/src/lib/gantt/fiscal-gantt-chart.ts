/**
 * FiscalGanttChart: a small subclass of frappe-gantt 1.2.2's Gantt that draws one fiscal year (April–March)
 * in Month view, with several bars per line and exact month geometry. DOM only; the pure model is in
 * gantt-model.ts.
 *
 * PATCH NOTES (re-check each against node_modules/frappe-gantt/src on upgrade):
 *
 * 1. Several bars on one line (frappe-gantt issue #95: one bar per task, one line per task).
 *    Each contiguous run of months is its own task; all runs of a row share the row's line:
 *    - setup_tasks(): after frappe-gantt has cached `task._index = i` (index.js setup_tasks), we set
 *      `_index` to the row's line. frappe-gantt reads `_index` in Bar.compute_y (bar.js: y = header_height
 *      + padding/2 + _index × (bar_height + padding)) — which is what we want — and as a slot in
 *      `this.bars` in update_task() and make_arrows(); both are overridden below (lookup by id / no arrows:
 *      our tasks have no dependencies).
 *    - make_grid_background(): frappe-gantt sizes the grid from `this.tasks.length` (one line per task).
 *      We re-implement it with the number of rows (`fiscal.lines.length`), exactly
 *      header_height + lines × (bar_height + padding), so make_grid_rows() / make_grid_ticks(), which loop
 *      `y < grid_height`, draw exactly one grid-row and one row-line per schedule row.
 * 2. Exact Month geometry. frappe-gantt's Month view is approximate: Bar.compute_x uses
 *    date_utils.diff(…, 'month') which adds day/31 (a bar starting on the 1st is 1/31 column late), widths
 *    are days/30 columns, and make_grid_ticks advances days/30 per month, so ticks drift up to 0.17 column
 *    from the header by March. We
 *    - set the date range ourselves (setup_gantt_dates: April 1 … March 1 → exactly 12 columns, no padding),
 *    - draw the month ticks ourselves at k × column_width (frappe-gantt draws only row lines: lines:
 *      'horizontal'),
 *    - after frappe-gantt's make_bars(), move every bar to whole month columns (fit_bar: $bar,
 *      $bar_progress, $date_highlight, the label; the <animate> elements frappe-gantt adds are removed).
 * 3. Text and controls. popup: false (frappe-gantt's popup is English and uses innerHTML), today_button:
 *    false, view_mode_select: false, holidays: null; month names and the fiscal-year header come from our own
 *    view mode's lower_text/upper_text functions (set with innerText by frappe-gantt). Bar labels are
 *    task.name, which frappe-gantt writes with innerHTML: the model passes it escaped.
 * 4. Read-only. readonly / readonly_dates / readonly_progress; the component also stops `mousedown` in the
 *    capture phase so that frappe-gantt's drag code (bind_bar_events) never starts.
 * 5. Today. frappe-gantt's highlight_current() uses `new Date()` and the approximate maths; it is replaced by
 *    our own column tint + line (from the model's todayIndex/todayFraction) — see draw_fiscal_overlay().
 * 5b. Cell states. Overdue months (planned, ended, nothing recorded) get a hatch and a “!” mark, months done
 *    late a double ring around the ✓ — shapes, not colour alone; the state comes from the model's
 *    ganttCellState().
 * 5c. Header without Intl. get_date_info() formats each column's date for its class name (date_YYYY-MM)
 *    with date_utils.format, which builds two Intl.DateTimeFormat objects per call for month names that
 *    format 'YYYY-MM' never uses — on a slow PC the largest single cost of drawing the chart. The override
 *    returns the same object with the class name made directly (when the texts are functions, as ours are).
 * 6. Clean-up. bind_bar_events() adds an anonymous `mouseup` listener to `document` that frappe-gantt never
 *    removes; the constructor records document listeners added while frappe-gantt builds the chart and
 *    destroy() removes them.
 */
import Gantt, { type FrappeBar, type FrappeDateInfo, type FrappeViewMode } from 'frappe-gantt';
import 'frappe-gantt-css';
import './fiscal-gantt.css';
import { fiscalIndex } from '../../../../server/core/fiscal-year.js';
import { type Shape, barBox, gridShapes, labelLimit, overlayShapes } from './chart-shapes.js';
import { type FiscalChartConfig, type FiscalTask, GEOMETRY } from './gantt-model.js';

export type { FiscalChartConfig };

type DocListener = [string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A shape (chart-shapes.ts) as SVG elements under `parent`. */
function appendShape(spec: Shape, parent: Element): void {
  const el = document.createElementNS(SVG_NS, spec.tag);
  for (const [name, value] of Object.entries(spec.attrs)) el.setAttribute(name, String(value));
  if (spec.text !== undefined) el.textContent = spec.text;
  for (const child of spec.children ?? []) appendShape(child, el);
  parent.appendChild(el);
}

function cloneTasks(tasks: readonly FiscalTask[]): FiscalTask[] {
  return tasks.map((t) => ({ ...t, fg: { ...t.fg } }));
}

/** frappe-gantt options for one fiscal year. */
function frappeOptions(cfg: FiscalChartConfig): object {
  const viewMode: FrappeViewMode = {
    name: 'Month',
    step: '1m',
    column_width: cfg.columnWidth,
    date_format: 'YYYY-MM',
    lower_text: (date) => cfg.monthLabels[fiscalIndex(date.getMonth() + 1)] ?? '',
    // One header for the whole year. frappe-gantt also calls this with last = null to find the header
    // element under the scroll position, which this answers with the same text.
    upper_text: (_date, last) => (last ? '' : cfg.headerLabel),
  };
  return {
    view_modes: [viewMode],
    view_mode: 'Month',
    view_mode_select: false,
    today_button: false,
    popup: false,
    readonly: true,
    readonly_dates: true,
    readonly_progress: true,
    move_dependencies: false,
    show_expected_progress: false,
    auto_move_label: false,
    infinite_padding: false,
    holidays: null,
    ignore: [],
    lines: 'horizontal',
    scroll_to: 'start',
    language: 'en', // used only for date_utils.format('YYYY-MM') class names, which are numeric
    column_width: cfg.columnWidth,
    bar_height: GEOMETRY.barHeight,
    padding: cfg.rowHeight - GEOMETRY.barHeight,
    upper_header_height: GEOMETRY.upperHeaderHeight,
    lower_header_height: GEOMETRY.lowerHeaderHeight,
    bar_corner_radius: 4,
    container_height: 'auto',
    fiscal: cfg,
  };
}

export class FiscalGanttChart extends Gantt<FiscalTask> {
  declare private documentListeners: DocListener[];

  constructor(host: HTMLElement, tasks: readonly FiscalTask[], cfg: FiscalChartConfig) {
    // Record the document listeners frappe-gantt adds while it builds the chart (see PATCH NOTES 6).
    const added: DocListener[] = [];
    const hadOwn = Object.prototype.hasOwnProperty.call(document, 'addEventListener');
    const original = document.addEventListener;
    document.addEventListener = function (
      this: Document,
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      added.push([type, listener, options]);
      original.call(this, type, listener, options);
    } as typeof document.addEventListener;
    try {
      super(host, cloneTasks(tasks), frappeOptions(cfg));
    } finally {
      if (hadOwn) document.addEventListener = original;
      else delete (document as { addEventListener?: unknown }).addEventListener;
    }
    this.documentListeners = added;
  }

  private get fiscal(): FiscalChartConfig {
    return this.options['fiscal'] as FiscalChartConfig;
  }

  /** Re-render with new rows, language, width or today (one instance per component). */
  update(tasks: readonly FiscalTask[], cfg: FiscalChartConfig): void {
    this.setup_tasks(cloneTasks(tasks));
    this.update_options(frappeOptions(cfg));
  }

  destroy(): void {
    // frappe-gantt starts a 200 ms hover timer on mouseenter that touches the chart when it fires; its own
    // mouseleave handler clears it. Leave every bar first, so that no timer outlives the chart.
    for (const group of this.$svg.querySelectorAll('.bar-wrapper')) group.dispatchEvent(new Event('mouseleave'));
    for (const [type, listener, options] of this.documentListeners) {
      document.removeEventListener(type, listener, options);
    }
    this.documentListeners = [];
    this.clear();
    this.$container.remove();
  }

  // ---- PATCH 1: several bars on one line -------------------------------------------------------------

  override setup_tasks(tasks: FiscalTask[]): void {
    super.setup_tasks(tasks);
    for (const task of this.tasks) task._index = task.fg.line;
  }

  override make_grid_background(): void {
    const lineCount = this.fiscal.lines.length;
    const width = this.dates.length * this.config.column_width;
    const height = this.config.header_height + lineCount * (this.options.bar_height + this.options.padding);
    appendShape({ tag: 'rect', attrs: { x: 0, y: 0, width, height, class: 'grid-background' } }, this.$svg);
    this.$svg.setAttribute('height', String(height));
    this.$svg.setAttribute('width', '100%');
    this.grid_height = height;
    if (this.options.container_height === 'auto') this.$container.style.height = `${height}px`;
  }

  override update_task(id: string, details: Partial<FiscalTask>): void {
    const bar = this.get_bar(id);
    if (!bar) return;
    Object.assign(bar.task, details);
    bar.refresh();
    this.fit_bar(bar);
  }

  override make_arrows(): void {
    this.arrows = [];
  }

  // ---- PATCH 2: fixed fiscal year, exact month geometry ----------------------------------------------

  override setup_gantt_dates(): void {
    const fy = this.fiscal.fiscalYear;
    this.gantt_start = new Date(fy, 3, 1); // April 1
    this.gantt_end = new Date(fy + 1, 2, 1); // March 1: setup_date_values() stops here → 12 columns
    this.config.date_format = this.config.view_mode.date_format ?? 'YYYY-MM';
  }

  override make_bars(): void {
    super.make_bars();
    for (const bar of this.bars) this.fit_bar(bar);
    // frappe-gantt places labels in a requestAnimationFrame (draw_label); place them now as well, so that
    // a label is never left where draw_label put it (the bar's approximate centre) if that frame is late
    this.place_labels(this.bars);
  }

  private fit_bar(bar: FrappeBar<FiscalTask>): void {
    const { startIndex, line } = bar.task.fg;
    const cw = this.config.column_width;
    const { x, width, months, progressWidth } = barBox(bar.task.fg, cw, bar.task.progress);
    bar.x = x;
    bar.width = width;
    bar.duration = months;
    for (const animate of Array.from(bar.bar_group.querySelectorAll('animate'))) animate.remove();
    bar.$bar.setAttribute('x', String(x));
    bar.$bar.setAttribute('width', String(width));
    const lineModel = this.fiscal.lines[line];
    if (lineModel) bar.$bar.style.stroke = lineModel.swatch.stroke;
    if (bar.$bar_progress) {
      bar.$bar_progress.setAttribute('x', String(x + 1));
      bar.$bar_progress.setAttribute('y', String(bar.y + 1));
      bar.$bar_progress.setAttribute('height', String(Math.max(0, bar.height - 2)));
      bar.$bar_progress.setAttribute('width', String(progressWidth));
      bar.$bar_progress.setAttribute('rx', '3');
      bar.$bar_progress.setAttribute('ry', '3');
      bar.progress_width = progressWidth;
    }
    if (bar.$date_highlight) {
      bar.$date_highlight.style.left = `${startIndex * cw}px`;
      bar.$date_highlight.style.width = `${months * cw}px`;
    }
    bar.group.setAttribute('data-fg-line', String(line));
    // frappe-gantt centres the label (or moves it past the bar's end, over the row's next bar) in a
    // requestAnimationFrame after drawing; ours keeps it at the bar's start, or hides it if it won't fit.
    bar.update_label_position = () => this.place_labels([bar]);
  }

  /**
   * Each label at its bar's start, hidden if it does not fit before the bar's end (or the first month's
   * marker). All labels are moved first and all measured after: measuring a label (getBBox) right after
   * moving another makes the browser lay the chart out again for each bar — on a slow PC the largest
   * cost of drawing it. Nothing is written that is already so, so that frappe-gantt's own call per bar
   * (update_label_position, a frame later) measures without laying anything out again.
   */
  private place_labels(bars: readonly FrappeBar<FiscalTask>[]): void {
    const placed: { label: SVGTextElement; x: number; limit: number }[] = [];
    for (const bar of bars) {
      const label = bar.group.querySelector<SVGTextElement>('.bar-label');
      if (!label) continue;
      if (label.classList.contains('big')) label.classList.remove('big');
      const x = bar.x + 6;
      if (label.getAttribute('x') !== String(x)) label.setAttribute('x', String(x));
      const limit = labelLimit(this.fiscal, bar.task.fg, bar.x, bar.width);
      placed.push({ label, x, limit });
    }
    const widths = placed.map(({ label }) => {
      try {
        return label.getBBox().width;
      } catch {
        return 0; // not laid out (e.g. display:none while printing)
      }
    });
    placed.forEach(({ label, x, limit }, i) => {
      const visibility = x + widths[i]! <= limit ? '' : 'hidden';
      if (label.style.visibility !== visibility) label.style.visibility = visibility;
    });
  }

  override set_scroll_position(): void {
    // frappe-gantt scrolls smoothly to a date and then looks up header elements by text; the fiscal year
    // always starts at the left edge.
    this.$container.scrollLeft = 0;
  }

  // ---- PATCH 5c: header columns without Intl -----------------------------------------------------------

  override get_date_info(date: Date, last: FrappeDateInfo | null, index?: number): FrappeDateInfo {
    const { upper_text: upper, lower_text: lower } = this.config.view_mode;
    if (typeof upper !== 'function' || typeof lower !== 'function' || this.config.date_format !== 'YYYY-MM') {
      return super.get_date_info(date, last, index);
    }
    const lang = String(this.options['language']);
    const lastDate = last ? last.date : null;
    return {
      date,
      formatted_date: `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`,
      column_width: this.config.column_width,
      x: last ? last.x + last.column_width : 0,
      upper_text: upper(date, lastDate, lang),
      lower_text: lower(date, lastDate, lang),
      upper_y: 17,
      lower_y: this.options.upper_header_height + 5,
    };
  }

  // ---- PATCH 5: today, month ticks, as-needed rows, status markers -----------------------------------

  override highlight_current(): void {
    // replaced by draw_fiscal_overlay()
  }

  override render(): void {
    super.render();
    this.draw_fiscal_overlay();
  }

  private draw_fiscal_overlay(): void {
    const cfg = this.fiscal;
    for (const s of gridShapes(cfg, this.config.header_height, this.grid_height)) appendShape(s, this.layers.grid);
    if (cfg.todayIndex !== null) this.lowerTexts?.[cfg.todayIndex]?.classList.add('fg-today-label');
    for (const s of overlayShapes(cfg)) appendShape(s, this.$svg);
  }
}
