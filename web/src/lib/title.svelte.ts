/**
 * The browser tab's title: the page's parts (page, ward, year…), then the city and the application's
 * name (App.svelte composes it). A page's parts count only while its path is shown, so a page that sets
 * none never inherits the previous page's title.
 */
import { router } from './router.svelte';

const page = $state<{ path: string; parts: string[] }>({ path: '', parts: [] });

export function setTitle(parts: (string | null | undefined)[]): void {
  page.path = router.path;
  page.parts = parts.filter((p): p is string => !!p);
}

/** The full title for the current path: "2026年11月の記録 | ○○区 | 令和8年度 | ○○市 計画・進捗管理". */
export function documentTitle(app: string): string {
  const parts = page.path === router.path ? page.parts : [];
  return [...parts, app].filter(Boolean).join(' | ');
}
