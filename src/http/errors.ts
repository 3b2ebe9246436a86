// Maps AppError codes to HTTP statuses and the JSON error shape; parses JSON bodies with zod.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError, type ErrorCode, isAppError } from '../errors.ts';
import { storageError } from '../library/storage-errors.ts';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_input: 400,
  empty: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  bad_encoding: 415,
  unprocessable: 422,
  no_evidence: 422,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  storage_full: 507,
  storage_readonly: 503,
  upstream: 502,
  index_mismatch: 503,
  misconfigured: 503,
  internal: 500,
};

/** The one way an error leaves the HTTP layer: `{ error: { code, message } }` with the code's status. */
export function errorResponse(
  c: Context,
  e: unknown,
  headers?: Record<string, string>,
  extra?: Record<string, unknown>,
) {
  if (isAppError(e)) return c.json({ ...e.toJSON(), ...extra }, STATUS[e.code], headers);
  const storage = storageError(e);
  if (storage) return c.json(storage.toJSON(), STATUS[storage.code]);
  console.error(e);
  return c.json(new AppError('internal', '服务器内部错误，请稍后重试').toJSON(), 500);
}

/** The request's media type, lower-cased and without parameters: 「APPLICATION/JSON; charset=UTF-8」 → 「application/json」. */
export const mediaType = (c: Context) =>
  (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = mediaType(c);
  if (type !== 'application/json' && !type.endsWith('+json'))
    throw new AppError('unsupported_type', '请求体必须是 JSON（Content-Type: application/json）');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('bad_input', '请求体不是有效的 JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `字段「${issue.path.join('.')}」` : '请求体';
    const msg = issue.code === 'unrecognized_keys' ? `不认识的字段：${issue.keys.join('、')}` : issue.message;
    throw new AppError('bad_input', `${where}无效：${msg}`);
  }
  return parsed.data;
}
