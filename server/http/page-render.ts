/**
 * The plan and Gantt pages rendered on the server (issue 13: on an office PC — Chromium with the CPU
 * slowed 4× — a plan's content must show within 1.0 s of navigation and a Gantt chart within 0.8 s; built
 * in the browser, after the app's scripts, the session check, the catalog and the plan, it took about
 * twice that). For a signed-in visitor the page comes with its HTML and the answers it was built from;
 * the browser shows the HTML as it arrives and hydrates it (web/src/boot.ts) instead of building it.
 *
 * The answers are the API's own, asked through Fastify's inject with the visitor's cookie: the same
 * JSON, the same access rules and session checks as the browser's requests, nothing re-implemented
 * here. Whenever something is not as expected — no session, an unknown ward, an answer other than 200,
 * the renderer missing or failing — the page is the app's plain index.html, which loads as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HELD_EVENTS_SCRIPT } from './held-events.js';

/** web/src/lib/i18n/index.svelte.ts LANG_COOKIE */
const LANG_COOKIE = 'council-lang';

/** What web/src/ssr.ts exports (kept apart: the server is not compiled with the web app). */
interface RenderInput {
  pathname: string;
  search: string;
  lang: 'ja' | 'en';
  session: unknown;
  city: unknown;
  wards: { id: string }[];
  answers: Record<string, unknown>;
}
interface RenderablePage {
  wardId: string;
  manifestKeys: string[];
  answers(get: (path: string) => Promise<unknown>): Promise<Record<string, unknown>>;
}
interface SsrModule {
  renderPage(input: RenderInput): { head: string; body: string };
  /** Which paths are rendered, and from which answers: the web app's router and API paths, not copied here. */
  renderablePage(pathname: string): RenderablePage | null;
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

export interface PageRenderer {
  /** The rendered page's HTML for this GET, or null when the plain index.html is to be sent. */
  render(request: FastifyRequest): Promise<string | null>;
}

export function pageRenderer(app: FastifyInstance, webDir: string): PageRenderer {
  const ssrFile = join(`${webDir}-ssr`, 'ssr.js');
  const manifestFile = join(webDir, '.vite', 'manifest.json');
  let renderer: Promise<SsrModule | null> | null = null;

  /** The renderer, imported once; null (with a warning) when this build has none. */
  function loadRenderer(): Promise<SsrModule | null> {
    renderer ??= (async () => {
      if (!existsSync(ssrFile)) {
        app.log.warn({ ssrFile }, 'no server-side renderer in this build: the plan and Gantt pages are built in the browser');
        return null;
      }
      return (await import(pathToFileURL(ssrFile).href)) as SsrModule;
    })().catch((e: unknown) => {
      app.log.error({ err: e }, 'the server-side renderer could not be loaded');
      return null;
    });
    return renderer;
  }

  /**
   * The <head> links of a page's chunk: its scripts preloaded and its styles, beyond what index.html
   * loads. Read at each render, like index.html, so that a build made while the server runs is followed.
   */
  function headLinks(manifestKeys: readonly string[]): string {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
    const seen = new Set<string>();
    const scripts: string[] = [];
    const styles: string[] = [];
    const visit = (key: string, into: boolean) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      const chunk = manifest[key]!;
      for (const imported of chunk.imports ?? []) visit(imported, into);
      if (!into) return;
      scripts.push(chunk.file);
      styles.push(...(chunk.css ?? []));
    };
    visit('index.html', false); // loaded by index.html itself
    for (const key of manifestKeys) visit(key, true);
    return [
      ...styles.map((href) => `<link rel="stylesheet" crossorigin href="/${escapeAttribute(href)}">`),
      ...scripts.map((href) => `<link rel="modulepreload" crossorigin href="/${escapeAttribute(href)}">`),
    ].join('');
  }

  return {
    async render(request) {
      const q = request.url.indexOf('?');
      const pathname = q < 0 ? request.url : request.url.slice(0, q);
      const search = q < 0 ? '' : request.url.slice(q + 1);
      const cookie = request.headers.cookie;
      if (!cookie) return null;
      const ssr = await loadRenderer();
      const page = ssr?.renderablePage(pathname);
      if (!ssr || !page) return null;
      const get = async (path: string): Promise<unknown> => {
        const res = await app.inject({ method: 'GET', url: path, headers: { cookie, accept: 'application/json' } });
        if (res.statusCode !== 200) throw new NotRendered(`${path}: ${res.statusCode}`);
        return res.json();
      };
      try {
        const session = (await get('/api/session')) as { authenticated?: boolean };
        if (!session.authenticated) return null;
        const [city, wards, answers] = (await Promise.all([get('/api/city'), get('/api/wards'), page.answers(get)])) as [unknown, { id: string }[], Record<string, unknown>];
        if (!wards.some((w) => w.id === page.wardId)) return null;
        const lang = request.cookies?.[LANG_COOKIE] === 'en' ? 'en' : 'ja';
        const { head, body } = ssr.renderPage({ pathname, search: search ? `?${search}` : '', lang, session, city, wards, answers });
        const seed = JSON.stringify({ session, city, wards, answers });
        // The click holder runs right after the page is parsed (nothing can be clicked before it is shown):
        // at the top of <head> it would hold up parsing while the page's script context is set up.
        const holder = `<script>${HELD_EVENTS_SCRIPT}</script>`;
        return readFileSync(join(webDir, 'index.html'), 'utf8')
          // the session is in the page: index.html's early request for it (and the comment saying so) goes
          .replace(/<!--(?:(?!-->)[^])*-->\s*(?=<link rel="preload" href="\/api\/session")/, '')
          .replace(/<link rel="preload" href="\/api\/session"[^>]*>\s*/, '')
          .replace('<html lang="ja">', `<html lang="${lang}">`)
          .replace('</head>', `${headLinks(page.manifestKeys)}${head}</head>`)
          .replace('<div id="app"></div>', `<div id="app">${body}</div><script type="application/json" id="app-seed">${escapeScriptJson(seed)}</script>${holder}`);
      } catch (e) {
        if (!(e instanceof NotRendered)) request.log.error({ err: e }, 'server-side rendering failed; the page is built in the browser');
        return null;
      }
    },
  };
}

/** An answer other than 200: the browser loads the page itself and shows what the API said. */
class NotRendered extends Error {}

/** JSON inside <script>: nothing in it may close the element or open a comment (`<` and the line separators escaped). */
function escapeScriptJson(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
