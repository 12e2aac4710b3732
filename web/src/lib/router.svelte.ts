/**
 * A small history router: the URL is the state (a ward's plan can be bookmarked and shared), links are
 * ordinary <a href> elements, and the back button works.
 */
export interface Route {
  name: 'home' | 'plan' | 'gantt' | 'month' | 'history' | 'compare' | 'city' | 'users' | 'planPrint' | 'planImport' | 'pack' | 'network' | 'board' | 'calendar' | 'notFound';
  params: Record<string, string>;
}

const PATTERNS: [Route['name'], RegExp, string[]][] = [
  ['home', /^\/$/, []],
  ['plan', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})$/, ['ward', 'fy']],
  ['gantt', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})\/gantt$/, ['ward', 'fy']],
  ['month', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})\/month$/, ['ward', 'fy']],
  ['history', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})\/history$/, ['ward', 'fy']],
  // years side by side: /plans/<ward>/compare?from=2025&to=2026
  ['compare', /^\/plans\/([a-z][a-z0-9-]*)\/compare$/, ['ward']],
  ['city', /^\/city\/(\d{4})$/, ['fy']],
  ['planPrint', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})\/print$/, ['ward', 'fy']],
  ['planImport', /^\/plans\/([a-z][a-z0-9-]*)\/(\d{4})\/import$/, ['ward', 'fy']],
  ['pack', /^\/city\/(\d{4})\/pack$/, ['fy']],
  ['users', /^\/admin\/users$/, []],
  ['network', /^\/network\/([a-z][a-z0-9-]*)\/(\d{4})$/, ['ward', 'fy']],
  ['board', /^\/board$/, []],
  ['calendar', /^\/calendar$/, []],
];

export function match(pathname: string): Route {
  for (const [name, re, keys] of PATTERNS) {
    const m = re.exec(pathname.replace(/\/+$/, '') || '/');
    if (m) return { name, params: Object.fromEntries(keys.map((k, i) => [k, m[i + 1]!])) };
  }
  return { name: 'notFound', params: {} };
}

// The query object is replaced on every navigation, never mutated, so a plain URLSearchParams is right here.
// On the server (web/src/ssr.ts) there is no location: the renderer sets the request's with setLocation.
const here = typeof location === 'undefined' ? { pathname: '/', search: '' } : location;
export const router = $state<{ path: string; query: URLSearchParams; route: Route }>({
  path: here.pathname,
  query: new URLSearchParams(here.search),
  route: match(here.pathname),
});

/** The server-side renderer's request path and query (in the browser the router follows `location`). */
export function setLocation(pathname: string, search: string): void {
  router.path = pathname;
  router.query = new URLSearchParams(search);
  router.route = match(pathname);
}

function update(): void {
  router.path = location.pathname;
  router.query = new URLSearchParams(location.search);
  router.route = match(location.pathname);
}

/** Unsaved-change guards: a page registers one while it has edits; navigation asks before leaving. */
const guards = new Set<() => boolean>();
export function guardNavigation(hasUnsavedChanges: () => boolean): () => void {
  guards.add(hasUnsavedChanges);
  return () => guards.delete(hasUnsavedChanges);
}
function mayLeave(message: string): boolean {
  for (const g of guards) if (g()) return confirm(message);
  return true;
}

let leaveMessage = '保存していない変更があります。このページを離れますか? / You have unsaved changes. Leave this page?';
export function setLeaveMessage(message: string): void {
  leaveMessage = message;
}

/**
 * Goes to `to`. `replace` rewrites the current history entry (no new back-button step); `keepScroll` stays
 * where the page is (for changes of a view's detail, such as which ward is drilled into); `force` re-reads
 * the URL even if it did not change (after logging in).
 */
export function navigate(to: string, options: { replace?: boolean; keepScroll?: boolean; force?: boolean } = {}): void {
  if (to === location.pathname + location.search && !options.force) return;
  if (!mayLeave(leaveMessage)) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  update();
  if (!options.keepScroll) window.scrollTo(0, 0);
}

/**
 * Back / Forward: the browser has already moved to the other history entry. With unsaved changes the
 * guards are asked like for any navigation; when the user stays, the URL of the page still shown is put
 * back (a new entry on top, so the edits and the address agree) and the route does not change.
 */
function onPopState(): void {
  const shown = urlOf(router.path, router.query);
  // an entry of the same page (a #fragment): nothing changes, nothing to ask
  if (urlOf(location.pathname, new URLSearchParams(location.search)) === shown || mayLeave(leaveMessage)) {
    update();
    return;
  }
  history.pushState(null, '', shown);
}

function urlOf(path: string, query: URLSearchParams): string {
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export function startRouter(): void {
  window.addEventListener('popstate', onPopState);
  window.addEventListener('beforeunload', (e) => {
    for (const g of guards) if (g()) e.preventDefault();
  });
  // Same-origin links are handled here, without a page load.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as HTMLElement).closest('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || a.pathname.startsWith('/api/')) return;
    // A link to a fragment of this page (#section) is the browser's job: scroll and focus, no navigation.
    if (a.hash && a.pathname === location.pathname && a.search === location.search) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
}
