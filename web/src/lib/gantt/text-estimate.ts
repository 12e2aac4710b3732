/**
 * Text widths estimated without a browser, for what the server renders before anything can be measured:
 * how the task names wrap in the Gantt's label column (which sets the height of every line) and whether a
 * bar's label fits its bar. The browser measures both again once the app runs (FiscalGantt's sizeNow,
 * FiscalGanttChart's place_labels); a wrong guess costs only a moved line then, never a wrong page.
 *
 * Japanese text is set in full-width characters of 1 em in every Japanese font; other characters are
 * taken at an average 0.6 em. The label box's sizes mirror fiscal-gantt.css (.fg-root font-size,
 * .fg-label padding and gap, .fg-chip width, .fg-num min-width, .fg-title line-height): change both.
 */
const wide = /[\u1100-\u115f\u2460-\u24ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Width of `text` in em: full-width characters 1, others 0.6. */
export function estimatedEm(text: string): number {
  let em = 0;
  for (const ch of text) em += wide.test(ch) ? 1 : 0.6;
  return em;
}

/** fiscal-gantt.css: .fg-root font-size, .fg-title line-height, the label's padding (6 + 8), chip (4) and two gaps (6). */
export const LABEL_BOX = { fontPx: 13, lineHeight: 1.35, padding: 14, chip: 4, gap: 6, numberMinEm: 1.3 } as const;

/**
 * The height (px, as clientHeight reports it) of a task name wrapped in a label column `labelWidth` wide
 * (the column's clientWidth: layoutFor's labelWidth less its 1 px border), after its number.
 */
export function estimatedTitleHeight(number: string, title: string, labelWidth: number): number {
  const { fontPx, lineHeight, padding, chip, gap, numberMinEm } = LABEL_BOX;
  const numberWidth = Math.max(numberMinEm, estimatedEm(number)) * fontPx;
  const available = labelWidth - 1 - padding - chip - 2 * gap - numberWidth;
  const lines = available > fontPx ? Math.max(1, Math.ceil((estimatedEm(title) * fontPx) / available)) : 1;
  return Math.round(lines * fontPx * lineHeight);
}
