// Per-caller rate limiting of the expensive routes (ask, draft, upload, /v1): a token bucket per access token
// (or per address in open mode). Over the limit: 429 with Retry-After, in the JSON error shape.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { tokenFrom } from './auth.ts';
import { AppError } from '../errors.ts';
import { errorResponse } from './errors.ts';

export interface RateLimitOptions {
  /** Requests per minute per caller; 0 turns limiting off. */
  perMinute: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const buckets = new Map<string, Bucket>();
  const now = opts.now ?? Date.now;
  const rate = opts.perMinute / 60_000;
  return async (c, next) => {
    if (opts.perMinute <= 0 || c.req.method === 'GET' || c.req.method === 'OPTIONS') return next();
    const token = tokenFrom(c);
    const address =
      (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
        ?.remoteAddress ?? 'local';
    // Keyed by a hash, so the token itself is never kept in this map.
    const key = token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 16)}` : `a:${address}`;
    const t = now();
    const b = buckets.get(key) ?? { tokens: opts.perMinute, at: t };
    b.tokens = Math.min(opts.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens < 1) {
      buckets.set(key, b);
      const wait = Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
      return errorResponse(
        c,
        new AppError('rate_limited', `请求过于频繁，请 ${wait} 秒后再试`, { retryable: true }),
        { 'retry-after': String(wait) },
      );
    }
    b.tokens -= 1;
    buckets.set(key, b);
    if (buckets.size > 10_000) for (const [k, v] of buckets) if (t - v.at > 120_000) buckets.delete(k);
    return next();
  };
}
