// Every request body is bounded before anything reads it, anonymous ones included: a declared Content-Length over
// the limit is refused at once, and a chunked body is read only up to the limit (Hono's bodyLimit) → 413.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.ts';
import { errorResponse } from './errors.ts';

export const LOGIN_LIMIT = 16 * 1024;
export const JSON_LIMIT = 256 * 1024;

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

/** The byte limit for a request, or null where the route sets a larger one of its own (uploads, import). */
export type LimitFor = (method: string, path: string) => number | null;

/** Sign-in forms are tiny; uploads keep their own limits; everything else is JSON of at most 256 KB. */
export const defaultLimits: LimitFor = (method, path) => {
  if (method === 'POST' && (path === '/api/documents' || path === '/api/documents/import')) return null;
  if (path === '/login' || path === '/logout') return LOGIN_LIMIT;
  return JSON_LIMIT;
};

export function bodyLimits(limitFor: LimitFor = defaultLimits): MiddlewareHandler {
  const bySize = new Map<number, MiddlewareHandler>();
  const limiter = (maxSize: number) => {
    let m = bySize.get(maxSize);
    if (!m) {
      m = bodyLimit({
        maxSize,
        onError: (c) => errorResponse(c, new AppError('too_large', `请求体超过 ${kb(maxSize)} 上限`)),
      });
      bySize.set(maxSize, m);
    }
    return m;
  };
  return async (c, next) => {
    if (!c.req.raw.body) return next();
    const max = limitFor(c.req.method, c.req.path);
    if (max === null) return next();
    // bodyLimit trusts a declared length (Node and Workers deliver exactly that many bytes) and measures a
    // chunked body as it reads it; a length that is not a number is refused rather than guessed at.
    const declared = c.req.header('content-length');
    if (declared !== undefined && !/^\s*\d+\s*$/.test(declared))
      return errorResponse(c, new AppError('bad_input', 'Content-Length 无效'));
    return limiter(max)(c, next);
  };
}
