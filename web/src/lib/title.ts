/** The browser tab's title: the page's parts (page, ward, year…), then the application's name. */
const APP = '自立協 計画・進捗';

export function setTitle(parts: (string | null | undefined)[]): void {
  document.title = [...parts.filter((p): p is string => !!p), APP].join(' | ');
}
