export { default as FiscalGantt } from './FiscalGantt.svelte';
export type { GanttRow, Lang } from './gantt-model.js';
export { STRINGS as GANTT_STRINGS } from './strings.js';
