/**
 * Interface language: Japanese by default, English one click away; the choice is remembered in this
 * browser. Each feature keeps its own dictionary (`translator({ ja, en })`), so pages don't collide.
 */
import type { LocalizedText } from '../../../../schemas/types';

export type Lang = 'ja' | 'en';
const STORAGE_KEY = 'council-planner.lang';
/**
 * The same choice as a cookie, for the server: it renders the plan and Gantt pages (web/src/ssr.ts) in
 * the language the browser will hydrate them in.
 */
export const LANG_COOKIE = 'council-lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export const i18n = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode or storage disabled: the choice lasts for this page only
  }
  rememberLangForServer(lang);
  document.documentElement.lang = lang;
}

/** Keeps the language cookie equal to the choice (also at boot, for a choice made before the cookie existed). */
export function rememberLangForServer(lang: Lang = i18n.lang): void {
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}

type Params = Record<string, string | number>;

function fill(text: string, params?: Params): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/**
 * A translate function for one dictionary; English entries must cover every Japanese key. `defaults`
 * gives the values of placeholders that the caller does not pass (the city's own words, see terms.ts).
 */
export function translator<K extends string>(messages: { ja: Record<K, string>; en: Record<K, string> }, defaults?: () => Params) {
  return (key: K, params?: Params): string => {
    const text = messages[i18n.lang][key] ?? messages.ja[key];
    return fill(text, defaults && text.includes('{') ? { ...defaults(), ...params } : params);
  };
}

/** A plugin-provided name in the current language (Japanese when there is no English). */
export function loc(text: LocalizedText | undefined | null): string {
  if (!text) return '';
  return i18n.lang === 'en' ? (text.en ?? text.ja) : text.ja;
}
