/**
 * Who is signed in. The session itself lives on the server (HttpOnly cookie); the page keeps the user and
 * the CSRF token. When the server answers 401 mid-work, `expired` is set and a login dialog opens over
 * the page, so nothing typed is lost.
 */
import type { SessionInfo, SessionStatus, User } from '../../../schemas/types';
import { type Permission, can } from '../../../server/core/permissions';

interface SessionState {
  user: User | null;
  csrfToken: string | null;
  checked: boolean;
  expired: boolean;
}

export const session = $state<SessionState & { markExpired(): void }>({
  user: null,
  csrfToken: null,
  checked: false,
  expired: false,
  markExpired() {
    if (session.user) session.expired = true;
  },
});

async function call(method: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'DELETE' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  return fetch('/api/session', { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
}

/**
 * Checks the session. `whenSignedIn` runs as soon as the user is known and is awaited before `checked`
 * is set, so that the shell renders once, with what it needs (the catalog), rather than once without it
 * and again when it arrives.
 */
export async function loadSession(whenSignedIn?: () => Promise<unknown>): Promise<void> {
  try {
    // Anonymous is a 200 with `authenticated: false` (no error in the console of a logged-out page).
    // index.html preloads this request (<link rel="preload" as="fetch">), so it starts with the page.
    const res = await call('GET');
    if (res.ok) {
      const status = (await res.json()) as SessionStatus;
      if (status.authenticated && status.user && status.csrfToken) {
        apply(status as SessionInfo);
        await whenSignedIn?.().catch(() => undefined);
      }
    }
  } finally {
    session.checked = true;
  }
}

/** The session the server rendered the page for (boot.ts, hydrating a page from web/src/ssr.ts). */
export function applyRenderedSession(info: SessionInfo): void {
  apply(info);
  session.checked = true;
}

function apply(info: SessionInfo): void {
  session.user = info.user;
  session.csrfToken = info.csrfToken;
  session.expired = false;
}

/** Logs in; returns the server's error body on failure. */
export async function login(username: string, password: string): Promise<{ ok: true } | { ok: false; message: string; messageJa: string }> {
  let res: Response;
  try {
    res = await call('POST', { username, password });
  } catch {
    return { ok: false, message: 'The server could not be reached.', messageJa: 'サーバーに接続できませんでした。' };
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return { ok: false, message: body.message ?? 'Login failed', messageJa: body.messageJa ?? 'ログインできませんでした' };
  apply(body as SessionInfo);
  return { ok: true };
}

export async function logout(): Promise<void> {
  await call('DELETE').catch(() => undefined);
  session.user = null;
  session.csrfToken = null;
  session.expired = false;
}

/**
 * Whether the signed-in user may do `permission` on something of ward `wardId` — the one rule of
 * server/core/permissions.ts, which the server applies to every request too (this only hides controls).
 */
export function userCan(permission: Permission, wardId: string | null = null): boolean {
  const u = session.user;
  return !!u && can(u, permission, wardId);
}
