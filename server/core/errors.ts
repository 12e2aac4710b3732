/**
 * Errors the API reports. Every error has a stable code (what tests and clients match on) and a message
 * in English and Japanese; validation errors also list the offending fields.
 */
import type { ApiError, FieldError } from '../../schemas/types.js';

export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly messageJa: string;
  readonly fields?: FieldError[];
  readonly current?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    statusCode: number,
    code: string,
    message: { en: string; ja: string },
    extra: { fields?: FieldError[]; current?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message.en);
    this.name = 'AppError';
    this.statusCode = statusCode;
    this.code = code;
    this.messageJa = message.ja;
    this.fields = extra.fields;
    this.current = extra.current;
    this.headers = extra.headers;
  }

  toJSON(): ApiError {
    const body: ApiError = { statusCode: this.statusCode, code: this.code, message: this.message, messageJa: this.messageJa };
    if (this.fields) body.fields = this.fields;
    if (this.current !== undefined) body.current = this.current as ApiError['current'];
    return body;
  }
}

/** Field error builder: `path` is a JSON Pointer into the request body. */
export function fieldError(path: string, en: string, ja: string): FieldError {
  return { path, field: pointerToField(path), message: en, messageJa: ja };
}

/** "/schedule/2/months/0" → "schedule[2].months[0]" */
export function pointerToField(pointer: string): string {
  if (pointer === '' || pointer === '/') return '(body)';
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

export function validationError(fields: FieldError[]): AppError {
  const first = fields[0];
  const detailEn = first ? ` ${first.field ?? first.path}: ${first.message}` : '';
  const detailJa = first ? ` ${first.field ?? first.path}: ${first.messageJa}` : '';
  return new AppError(
    400,
    'VALIDATION_FAILED',
    { en: `The input is invalid.${detailEn}`, ja: `入力内容に誤りがあります。${detailJa}` },
    { fields },
  );
}

export const errors = {
  notFound: (what: { en: string; ja: string }) =>
    new AppError(404, 'NOT_FOUND', { en: `${what.en} was not found.`, ja: `${what.ja}が見つかりません。` }),
  versionConflict: (current: unknown) =>
    new AppError(
      409,
      'VERSION_CONFLICT',
      {
        en: 'Someone else saved this first. Your change was not saved; review the current version and apply your change again.',
        ja: '他の人が先に保存しました。あなたの変更は保存されていません。最新の内容を確認してから、もう一度変更してください。',
      },
      { current },
    ),
  unauthenticated: () =>
    new AppError(401, 'UNAUTHENTICATED', { en: 'Please log in.', ja: 'ログインしてください。' }),
  forbidden: () =>
    new AppError(403, 'FORBIDDEN', {
      en: 'You do not have permission to do this.',
      ja: 'この操作を行う権限がありません。',
    }),
};
