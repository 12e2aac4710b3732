/**
 * The one API client of the web app: JSON in and out, the CSRF token on every change, errors as
 * ApiRequestError carrying the server's ApiError (code, messages in both languages, fields).
 */
import type { ApiError } from '../../../schemas/types';
import { session } from './session.svelte';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
  /** The server's message in the interface language. */
  localized(lang: 'ja' | 'en'): string {
    return lang === 'ja' ? this.body.messageJa : this.body.message;
  }
}

function networkError(): ApiError {
  return {
    statusCode: 0,
    code: 'NETWORK',
    message: 'The server could not be reached. Check the connection and try again; nothing was saved.',
    messageJa: 'サーバーに接続できませんでした。接続を確認してもう一度お試しください(保存されていません)。',
  };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, networkError());
  }
  if (res.status === 204) return undefined as T;
  let parsed: unknown;
  try {
    parsed = await res.json();
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const error = (parsed as ApiError | undefined)?.code ? (parsed as ApiError) : { statusCode: res.status, code: 'HTTP_' + res.status, message: res.statusText, messageJa: `エラー(${res.status})` };
    if (res.status === 401 && path !== '/api/session') session.markExpired();
    throw new ApiRequestError(res.status, error);
  }
  return parsed as T;
}

/**
 * GETs started ahead of the page that will ask for them (the first page's data, asked for as soon as the
 * session is known rather than after its chunk has loaded and rendered): path → answer, taken by the next
 * api.get of that path, once. An answer older than EARLY_MS is not taken (asked again instead), and any
 * change (POST/PUT/DELETE) drops them all, so a page never reads data older than a fresh request would be.
 */
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
const EARLY_MS = 10_000;

function take<T>(path: string): Promise<T> | undefined {
  const hit = early.get(path);
  if (!hit) return undefined;
  early.delete(path);
  return performance.now() - hit.at <= EARLY_MS ? (hit.answer as Promise<T>) : undefined;
}

/**
 * Answers the server put into the page it rendered (server-side rendering, web/src/ssr.ts): path → the
 * JSON the API gave for that request. A page reads its own synchronously while it is first rendered
 * (`api.seeded`), so that the browser's first render matches the server's HTML; each is read once, and
 * any change drops them all, and like the early answers they are not read once older than EARLY_MS
 * (a page visited again later asks the server).
 */
const seeds = new Map<string, { at: number; answer: unknown }>();

/** Replaces the seeded answers (the boot, from the page; the server renderer, for one render). */
export function seedAnswers(answers: Record<string, unknown>): void {
  seeds.clear();
  const at = performance.now();
  for (const [path, answer] of Object.entries(answers)) seeds.set(path, { at, answer });
}

function change<T>(method: string, path: string, body?: unknown): Promise<T> {
  early.clear();
  seeds.clear();
  return request<T>(method, path, body);
}

export const api = {
  get: <T>(path: string): Promise<T> => {
    const seeded = api.seeded<T>(path);
    return seeded !== undefined ? Promise.resolve(seeded) : (take<T>(path) ?? request<T>('GET', path));
  },
  /** The seeded answer of `path`, left for the page that takes it. */
  peekSeeded: <T>(path: string): T | undefined => {
    const hit = seeds.get(path);
    return hit && performance.now() - hit.at <= EARLY_MS ? (hit.answer as T) : undefined;
  },
  /** The seeded answer of `path` (see seedAnswers), taken once; undefined when there is none (or it is too old). */
  seeded: <T>(path: string): T | undefined => {
    const hit = seeds.get(path);
    if (!hit) return undefined;
    seeds.delete(path);
    return performance.now() - hit.at <= EARLY_MS ? (hit.answer as T) : undefined;
  },
  /** Starts a GET whose answer the next `get(path)` takes; returns it too (its failure is the taker's to see). */
  early: <T>(path: string): Promise<T> => {
    const answer = request<T>('GET', path);
    answer.catch(() => undefined);
    early.set(path, { at: performance.now(), answer });
    return answer;
  },
  post: <T>(path: string, body?: unknown) => change<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => change<T>('PUT', path, body),
  delete: <T>(path: string) => change<T>('DELETE', path),
};
