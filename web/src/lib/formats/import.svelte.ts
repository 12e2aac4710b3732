/**
 * The import page's state: send the chosen workbook for a preview, show what was read, then save it as a
 * new plan or as a new version of the existing one (the version shown in the preview; a colleague's save
 * in between gives 409 and nothing is overwritten).
 */
import type { ApiError, ImportPreview, Plan } from '../../../../schemas/types';
import { ApiRequestError } from '../api';
import { session } from '../session.svelte';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload<T>(query: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/plans/import?${query}`, {
      method: 'POST',
      headers: { 'content-type': XLSX_TYPE, accept: 'application/json', 'x-csrf-token': session.csrfToken ?? '' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiRequestError(0, { statusCode: 0, code: 'NETWORK', message: 'The server could not be reached; nothing was saved.', messageJa: 'サーバーに接続できませんでした(保存されていません)。' });
  }
  const body = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) {
    if (res.status === 401) session.markExpired();
    const error = (body as ApiError | undefined)?.code ? (body as ApiError) : { statusCode: res.status, code: `HTTP_${res.status}`, message: res.statusText, messageJa: `エラー(${res.status})` };
    throw new ApiRequestError(res.status, error);
  }
  return body as T;
}

export class ImportState {
  file = $state<File | null>(null);
  busy = $state<'reading' | 'saving' | null>(null);
  preview = $state.raw<ImportPreview | null>(null);
  error = $state.raw<ApiError | null>(null);
  saved = $state.raw<Plan | null>(null);

  constructor(
    readonly wardId: string,
    readonly fiscalYear: number,
  ) {}

  private query(extra: string): string {
    return `ward=${encodeURIComponent(this.wardId)}&fiscalYear=${this.fiscalYear}&${extra}`;
  }

  choose(file: File | null): void {
    this.file = file;
    this.preview = null;
    this.error = null;
    this.saved = null;
  }

  async read(): Promise<void> {
    if (!this.file) return;
    this.busy = 'reading';
    this.error = null;
    this.preview = null;
    try {
      this.preview = await upload<ImportPreview>(this.query('preview=true'), this.file);
    } catch (e) {
      this.error = e instanceof ApiRequestError ? e.body : { statusCode: 0, code: 'ERROR', message: String(e), messageJa: String(e) };
    } finally {
      this.busy = null;
    }
  }

  async save(): Promise<void> {
    if (!this.file || !this.preview) return;
    this.busy = 'saving';
    this.error = null;
    try {
      const version = this.preview.existing ? `&version=${this.preview.existing.version}` : '';
      this.saved = await upload<Plan>(this.query(`preview=false${version}`), this.file);
    } catch (e) {
      this.error = e instanceof ApiRequestError ? e.body : { statusCode: 0, code: 'ERROR', message: String(e), messageJa: String(e) };
    } finally {
      this.busy = null;
    }
  }
}
