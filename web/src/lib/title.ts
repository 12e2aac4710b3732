/**
 * The browser tab's title: what the page is (ward, page, year), then the city and the app, so that tabs
 * and bookmarks can be told apart: 「青葉区 ガントチャート 令和8年度 – 仙台市 自立支援協議会 計画管理」.
 *
 * The app shell sets the suffix (city and app name, in the interface language); a page sets its own
 * parts while it is shown and clears them when it goes. Either may change first (e.g. on a change of
 * language); the title is rebuilt from both each time.
 */
let suffix = '';
let pageParts: string[] = [];

function apply(): void {
  if (typeof document === 'undefined') return;
  const page = pageParts.join(' ');
  document.title = page && suffix ? `${page} – ${suffix}` : page || suffix;
}

/** Called by the app shell: city name and app name. */
export function setAppTitle(text: string): void {
  suffix = text.trim();
  apply();
}

/** Called by a page (in an $effect, so that it follows the language): e.g. [ward, page, year]. */
export function setPageTitle(parts: readonly (string | null | undefined)[]): void {
  pageParts = parts.map((p) => (p ?? '').trim()).filter(Boolean);
  apply();
}

/** Called when a page goes. */
export function clearPageTitle(): void {
  setPageTitle([]);
}
