/**
 * Types for the parts of frappe-gantt 1.2.2 (which ships no types) that FiscalGanttChart uses. Most of these
 * are internals, not public API: re-check them against node_modules/frappe-gantt/src on every upgrade.
 */
declare module 'frappe-gantt' {
  export interface FrappeViewMode {
    name: string;
    step: string;
    padding?: string | string[];
    column_width?: number;
    date_format?: string;
    lower_text?: string | ((date: Date, last: Date | null, lang: string) => string);
    upper_text?: string | ((date: Date, last: Date | null, lang: string) => string);
    thick_line?: (date: Date) => boolean;
    snap_at?: string;
  }

  export interface FrappeTaskInput {
    id: string;
    name: string;
    start: string | Date;
    end: string | Date;
    progress?: number;
    dependencies?: string | string[];
    custom_class?: string;
    color?: string;
    color_progress?: string;
    description?: string;
  }

  /** A task after Gantt.setup_tasks: the same object with cached fields. */
  export type FrappeTask<T extends FrappeTaskInput = FrappeTaskInput> = T & {
    _start: Date;
    _end: Date;
    /** frappe-gantt: the task's line (Bar.compute_y) AND its slot in gantt.bars (update_task, make_arrows) */
    _index: number;
    dependencies: string[];
  };

  export interface FrappeBar<T extends FrappeTaskInput = FrappeTaskInput> {
    gantt: Gantt<T>;
    task: FrappeTask<T>;
    group: SVGGElement;
    bar_group: SVGGElement;
    handle_group: SVGGElement;
    $bar: SVGRectElement;
    $bar_progress?: SVGRectElement;
    $date_highlight?: HTMLElement;
    x: number;
    y: number;
    width: number;
    height: number;
    duration: number;
    progress_width: number;
    update_label_position(): void;
    refresh(): void;
  }

  export interface FrappeConfig {
    column_width: number;
    header_height: number;
    step: number;
    unit: string;
    view_mode: FrappeViewMode;
    date_format: string;
    ignored_positions: number[];
  }

  /** One header column, as Gantt.get_date_info makes it (index.js). */
  export interface FrappeDateInfo {
    date: Date;
    formatted_date: string;
    column_width: number;
    x: number;
    upper_text: string;
    lower_text: string;
    upper_y: number;
    lower_y: number;
  }

  export default class Gantt<T extends FrappeTaskInput = FrappeTaskInput> {
    constructor(wrapper: HTMLElement | SVGElement | string, tasks: T[], options?: object);
    options: Record<string, unknown> & {
      bar_height: number;
      padding: number;
      container_height: number | 'auto';
      lower_header_height: number;
      upper_header_height: number;
    };
    config: FrappeConfig;
    tasks: Array<FrappeTask<T>>;
    bars: Array<FrappeBar<T>>;
    arrows: unknown[];
    dates: Date[];
    gantt_start: Date;
    gantt_end: Date;
    grid_height: number;
    $svg: SVGSVGElement;
    $container: HTMLElement;
    $header: HTMLElement;
    $lower_header: HTMLElement;
    $upper_header: HTMLElement;
    layers: Record<'grid' | 'arrow' | 'progress' | 'bar', SVGGElement>;
    lowerTexts: HTMLElement[];
    upperTexts: HTMLElement[];

    setup_tasks(tasks: T[]): void;
    setup_gantt_dates(refresh?: boolean): void;
    update_options(options: object): void;
    change_view_mode(mode?: string | FrappeViewMode, maintain_pos?: boolean): void;
    refresh(tasks: T[]): void;
    render(): void;
    make_grid_background(): void;
    make_grid_ticks(): void;
    get_date_info(date: Date, last: FrappeDateInfo | null, index?: number): FrappeDateInfo;
    highlight_current(): void;
    make_bars(): void;
    make_arrows(): void;
    set_scroll_position(date?: unknown): void;
    update_task(id: string, details: Partial<T>): void;
    get_bar(id: string): FrappeBar<T> | undefined;
    clear(): void;
    hide_popup(): void;
  }
}

/** vite.config.ts aliases this to frappe-gantt's dist CSS (not in the package's "exports"). */
declare module 'frappe-gantt-css';
