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

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
