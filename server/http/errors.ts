/**
 * One error handler for the whole API: every error leaves as the ApiError shape (code, English and
 * Japanese message, fields), and nothing internal — no stack trace, no SQL — ever reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validationError } from '../core/errors.js';
import { toFieldErrors } from '../core/validation-messages.js';

const PART_PREFIX: Record<string, string> = { body: '', querystring: '/query', params: '/params', headers: '/headers' };

function fromFastify(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const prefix = PART_PREFIX[error.validationContext ?? 'body'] ?? '';
    const fields = toFieldErrors(error.validation as Parameters<typeof toFieldErrors>[0], prefix);
    return validationError(fields.length ? fields : [{ path: prefix || '/', field: '(body)', message: 'is invalid', messageJa: '値が正しくありません' }]);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'BODY_TOO_LARGE', { en: 'The request body is too large.', ja: '送信されたデータが大きすぎます。' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', { en: 'Send JSON (Content-Type: application/json).', ja: 'JSON 形式(Content-Type: application/json)で送信してください。' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'INVALID_JSON', { en: 'The request body is empty; JSON was expected.', ja: '送信データが空です。JSON を送信してください。' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'INVALID_REQUEST', { en: 'The Content-Length header does not match the body.', ja: 'Content-Length が送信データと一致しません。' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_BAD_JSON':
      return new AppError(400, 'INVALID_JSON', { en: 'The request body is not valid JSON.', ja: '送信データが正しい JSON ではありません。' });
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return new AppError(404, 'NOT_FOUND', { en: 'Not found.', ja: '見つかりません。' });
  if (status === 405) return new AppError(405, 'METHOD_NOT_ALLOWED', { en: 'Method not allowed.', ja: 'この操作はできません。' });
  if (status >= 400 && status < 500) return new AppError(status, 'BAD_REQUEST', { en: 'The request is invalid.', ja: 'リクエストが正しくありません。' });
  return new AppError(500, 'INTERNAL_ERROR', {
    en: 'An unexpected error occurred. Nothing was saved by this request. Please try again; if it persists, contact the administrator.',
    ja: '予期しないエラーが発生しました。この操作では何も保存されていません。もう一度お試しください。繰り返す場合は管理者に連絡してください。',
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = fromFastify(error);
    if (appError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.statusCode }, 'request refused');
    if (appError.headers) reply.headers(appError.headers);
    return reply.code(appError.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(appError.toJSON()));
  });
}
