/**
 * HTML escaping for text that must pass through an innerHTML sink.
 *
 * frappe-gantt 1.2.2 writes `task.name` into each bar's <text> with innerHTML (bar.js draw_label →
 * svg_utils createSVG `innerHTML`) and its default popup uses innerHTML too. Everything the model hands to
 * frappe-gantt as markup goes through escapeHtml(); everything rendered by Svelte or set with
 * textContent/setAttribute needs no escaping.
 */
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
