export { default as FiscalGantt } from './FiscalGantt.svelte';
export type { GanttRow, Lang, MonthStatus, RowTiming } from './gantt-model.js';
